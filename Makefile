# Thin wrappers: every target is one command you could type yourself.
MVN := ./mvnw -B --no-transfer-progress

.PHONY: test control-plane crds format

## test: the whole test suite (builds the control-plane binaries first if they are missing)
test:
	$(MVN) verify

## control-plane: build etcd, kube-apiserver, kube-controller-manager and kubectl for the tests
control-plane:
	hack/build-control-plane.sh

## crds: regenerate crds/ from the API classes in api/
crds:
	$(MVN) -q -DskipTests -Dexec.skip install -pl api -am
	$(MVN) -q -pl api exec:java@crds

## format: apply the house formatter (the build fails on unformatted code)
format:
	$(MVN) -q spotless:apply
