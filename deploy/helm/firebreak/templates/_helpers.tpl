{{/* Names and labels. Every resource carries the Kubernetes recommended labels (app.kubernetes.io/*). */}}

{{- define "firebreak.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "firebreak.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "firebreak.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "firebreak.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* dict "root" . "name" <what it is: orders, kafka, …> "component" <its role> */}}
{{- define "firebreak.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{ include "firebreak.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: {{ include "firebreak.name" .root }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}

{{- define "firebreak.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{/* A service's Deployment, Service, PodDisruptionBudget and autoscaler: <fullname>-<service>. */}}
{{- define "firebreak.serviceName" -}}
{{- printf "%s-%s" (include "firebreak.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The operators' resources. Strimzi derives its pods' and Services' names from these. */}}
{{- define "firebreak.kafkaName" -}}
{{- include "firebreak.fullname" . }}
{{- end }}

{{- define "firebreak.kafkaBootstrap" -}}
{{- printf "%s-kafka-bootstrap:9092" (include "firebreak.kafkaName" .) }}
{{- end }}

{{/* The one KafkaNodePool; a node's pod is <kafka>-combined-<node id>, ids from 0. */}}
{{- define "firebreak.kafkaPool" -}}
combined
{{- end }}

{{- define "firebreak.connectName" -}}
{{- include "firebreak.fullname" . }}
{{- end }}

{{/* list $ "orders": the service's CloudNativePG cluster; CNPG adds -rw (its primary's Service) and -app (its owner's Secret). */}}
{{- define "firebreak.databaseCluster" -}}
{{- printf "%s-%s-db" (include "firebreak.fullname" (index . 0)) (index . 1) }}
{{- end }}

{{/* The Altinity operator names the installation's Service clickhouse-<name>. */}}
{{- define "firebreak.clickhouseName" -}}
{{- include "firebreak.fullname" . }}
{{- end }}

{{- define "firebreak.otlpEndpoint" -}}
{{- if .Values.telemetry.otlpEndpoint }}
{{- .Values.telemetry.otlpEndpoint }}
{{- else if .Values.otel.operator.enabled }}
{{- /* The OpenTelemetry operator's Service for a collector is <name>-collector. */ -}}
{{- printf "http://%s-collector:4318" (include "firebreak.fullname" .) }}
{{- else }}
{{- fail "telemetry.otlpEndpoint: set it to your collector's OTLP/HTTP endpoint, or enable otel.operator.enabled" }}
{{- end }}
{{- end }}

{{/* Kafka as values.yaml sets it, or as the native stack pins it (files/versions.json). */}}
{{- define "firebreak.kafkaVersion" -}}
{{- $versions := .Files.Get "files/versions.json" | fromJson }}
{{- .Values.kafka.version | default $versions.kafka }}
{{- end }}
