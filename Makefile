# Thin wrappers: every target is one command you could type yourself.
MVN := ./mvnw -B --no-transfer-progress

.PHONY: test control-plane crds format bench bench-long

## test: the whole test suite (builds the control-plane binaries first if they are missing)
test:
	$(MVN) verify

## control-plane: build etcd, kube-apiserver, kube-controller-manager and kubectl for the tests
control-plane:
	hack/build-control-plane.sh

## bench: trainer speed and memory on CPU (~5M and ~30M parameters); writes bench/results/
bench:
	$(MVN) -q -DskipTests -Dexec.skip install -pl bench -am
	$(MVN) -q -pl bench exec:exec@speed

## bench-long: the same, with 1,000 steps of the small model to show memory stays flat
bench-long:
	$(MVN) -q -DskipTests -Dexec.skip install -pl bench -am
	$(MVN) -q -pl bench exec:exec@speed -Dbench.args=--long

## crds: regenerate crds/ from the API classes in api/
crds:
	$(MVN) -q -DskipTests -Dexec.skip install -pl api -am
	$(MVN) -q -pl api exec:java@crds

## format: apply the house formatter (the build fails on unformatted code)
format:
	$(MVN) -q spotless:apply
