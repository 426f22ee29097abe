{{/*
Chaos Mesh selectors for the pods files/chaos/*.yaml names (stack/src/generate/helm-chaos.ts), from
the labels each owner puts on its pods: this chart on the services, Strimzi (strimzi.io/*),
CloudNativePG (cnpg.io/*) and the Altinity operator (clickhouse.altinity.com/chi).
kafka-<n> is the native stack's node n, which Strimzi runs as node id n-1.
Called with dict "root" $ "pods" <name>.
*/}}
{{- define "firebreak.chaosSelector" -}}
{{- $root := .root }}
{{- $kafka := include "firebreak.kafkaName" $root }}
{{- $nodePod := printf "%s-%s-" $kafka (include "firebreak.kafkaPool" $root) }}
{{- $databases := list "orders" "inventory" "payments" }}
namespaces: [{{ $root.Release.Namespace }}]
{{- if hasKey $root.Values.services .pods }}
labelSelectors:
  {{- include "firebreak.selectorLabels" (dict "root" $root "name" .pods) | nindent 2 }}
{{- else if or (eq .pods "kafka") (hasPrefix "kafka-peers-of-" .pods) }}
labelSelectors:
  strimzi.io/cluster: {{ $kafka }}
  strimzi.io/kind: Kafka
  strimzi.io/broker-role: "true"
{{- if hasPrefix "kafka-peers-of-" .pods }}
expressionSelectors:
  - key: strimzi.io/pod-name
    operator: NotIn
    values: [{{ $nodePod }}{{ sub (trimPrefix "kafka-peers-of-" .pods | atoi) 1 }}]
{{- end }}
{{- else if regexMatch "^kafka-[0-9]+$" .pods }}
labelSelectors:
  strimzi.io/pod-name: {{ $nodePod }}{{ sub (trimPrefix "kafka-" .pods | atoi) 1 }}
{{- else if eq .pods "connect" }}
labelSelectors:
  strimzi.io/cluster: {{ include "firebreak.connectName" $root }}
  strimzi.io/kind: KafkaConnect
  strimzi.io/name: {{ include "firebreak.connectName" $root }}-connect
{{- else if eq .pods "postgres" }}
labelSelectors:
  cnpg.io/instanceRole: primary
expressionSelectors:
  - key: cnpg.io/cluster
    operator: In
    values:
      {{- range $databases }}
      - {{ include "firebreak.databaseCluster" (list $root .) }}
      {{- end }}
{{- else if and (hasPrefix "postgres-" .pods) (has (trimPrefix "postgres-" .pods) $databases) }}
labelSelectors:
  cnpg.io/cluster: {{ include "firebreak.databaseCluster" (list $root (trimPrefix "postgres-" .pods)) }}
{{- else if eq .pods "clickhouse" }}
labelSelectors:
  clickhouse.altinity.com/chi: {{ include "firebreak.clickhouseName" $root }}
{{- else }}
{{- fail (printf "chaos: the chart has no pods named %q" .pods) }}
{{- end }}
{{- end }}
