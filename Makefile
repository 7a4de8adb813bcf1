# Thin wrappers: every target is one command you could type yourself.
MVN := ./mvnw -B --no-transfer-progress

.PHONY: demo demo-down test control-plane crds format bench bench-long bench-quality bench-data \
	bench-operator

LOCAL_JAR := local/target/lethe-local.jar
# What the demo runs: the local launcher, the operator and the trainer, rebuilt when a source changes.
PROGRAM_SOURCES := $(shell find contract api operator trainer local -path '*/src/main/*' -type f) \
	pom.xml $(wildcard */pom.xml)

## demo: a real UnlearningJob end to end on this machine (control plane, operator, trainer as a
##       local process); Ctrl-C stops everything. Options: make demo ARGS='--operator-port 8181'
demo: $(LOCAL_JAR) control-plane
	java -jar $(LOCAL_JAR) demo $(ARGS)

## demo-down: stop a demo that runs in another terminal (or clean up after one that was killed)
demo-down:
	@if [ -f $(LOCAL_JAR) ]; then java -jar $(LOCAL_JAR) down $(ARGS); else echo "nothing to stop: $(LOCAL_JAR) was never built"; fi

$(LOCAL_JAR): $(PROGRAM_SOURCES)
	$(MVN) -q -DskipTests -Dexec.skip package -pl local -am
	touch $@

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

## bench-quality: every method on the synthetic TOFU-style benchmark (13-23 minutes on 2 cores);
##       writes bench/results/quality.md, quality.csv and plots. ARGS=--quick: a few minutes
bench-quality:
	$(MVN) -q -DskipTests -Dexec.skip install -pl bench -am
	$(MVN) -q -pl bench exec:exec@quality -Dbench.quality.args="--results results $(ARGS)"

## bench-operator: the operator under a backlog of 1,000 UnlearningJobs on a real API server, with
##       the chart's memory (a few minutes); writes bench/results/operator.md and operator.json.
##       ARGS='--jobs 100 --namespaces 10' for a quick run
bench-operator: control-plane
	$(MVN) -q -DskipTests -Dexec.skip install -pl bench -am
	$(MVN) -q -pl bench exec:exec@operator -Dbench.operator.args="--results results $(ARGS)"

## bench-data: only the synthetic benchmark's JSONL files, into DIR (default benchmark-data/)
bench-data:
	$(MVN) -q -DskipTests -Dexec.skip install -pl bench -am
	$(MVN) -q -pl bench exec:java -Dexec.mainClass=dev.lethe.bench.quality.QualityMain \
		-Dexec.args="data --output $(abspath $(or $(DIR),benchmark-data)) $(ARGS)"

## crds: regenerate crds/ (and docs/api.md, made from them) from the API classes in api/
crds:
	$(MVN) -q -DskipTests -Dexec.skip install -pl api -am
	$(MVN) -q -pl api exec:java@crds

## format: apply the house formatter (the build fails on unformatted code)
format:
	$(MVN) -q spotless:apply
