{{/* The release's full name, at most 63 characters (a DNS label). */}}
{{- define "lethe.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels every object of the release carries. */}}
{{- define "lethe.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/part-of: lethe
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{/* The operator pods' selector. */}}
{{- define "lethe.selectorLabels" -}}
app.kubernetes.io/name: lethe-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Trainer pods, as the operator labels them (TrainerJobModel). */}}
{{- define "lethe.trainerSelector" -}}
app.kubernetes.io/name: lethe-trainer
app.kubernetes.io/managed-by: lethe-operator
{{- end -}}

{{- define "lethe.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "lethe.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Namespaces whose jobs the operator reconciles: the list, or none for all. */}}
{{- define "lethe.namespaces" -}}
{{- join "," .Values.watchNamespaces -}}
{{- end -}}

{{/* Namespaces where trainer pods run, for namespaced objects: the list, or the release's. */}}
{{- define "lethe.trainerNamespaces" -}}
{{- if .Values.watchNamespaces -}}
{{- toJson .Values.watchNamespaces -}}
{{- else -}}
{{- toJson (list .Release.Namespace) -}}
{{- end -}}
{{- end -}}

{{/* The permissions the operator's reconciler uses on jobs and what they own. */}}
{{- define "lethe.jobRules" -}}
- apiGroups: [lethe.dev]
  resources: [unlearningjobs]
  verbs: [get, list, watch, delete]
- apiGroups: [lethe.dev]
  resources: [unlearningjobs/status]
  verbs: [patch]
- apiGroups: [batch]
  # Created and patched by server-side apply; suspend is patched; deleted when its job failed
  # because its pod could not start (the start deadline), to give back the node.
  resources: [jobs]
  verbs: [get, list, watch, create, patch, delete]
- apiGroups: [""]
  # The trainer config, created once by server-side apply; input ConfigMaps are read.
  resources: [configmaps]
  verbs: [get, list, watch, create, patch]
- apiGroups: [""]
  # Inputs are checked before a job starts; trainer pods are watched and their progress read.
  resources: [persistentvolumeclaims, pods]
  verbs: [get, list, watch]
- apiGroups: [""]
  # Each job's own ServiceAccount (no permissions, no token), created once by server-side apply.
  resources: [serviceaccounts]
  verbs: [get, list, watch, create, patch]
- apiGroups: [""]
  # Events on jobs are written; the Job controller's FailedCreate Events are watched (a field
  # selector), to say why a trainer pod cannot be created.
  resources: [events]
  verbs: [create, list, watch]
{{- end -}}
