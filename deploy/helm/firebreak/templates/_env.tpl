{{/*
The environment each service reads (its src/config.ts), as stack/process-compose.yaml and
docker-compose.yml give it, with the cluster's addresses in place of Toxiproxy's: on Kubernetes the
faults come from Chaos Mesh, so every client dials its peer directly.
Called with dict "root" $ "name" <service> "service" <its values>.
*/}}

{{- define "firebreak.serviceEnv" -}}
{{- $root := .root }}
- name: BIND_HOST
  value: "0.0.0.0"
- name: PORT
  value: {{ .service.port | quote }}
- name: OTEL_SERVICE_NAME
  value: {{ .name }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ include "firebreak.otlpEndpoint" $root | quote }}
- name: OTEL_SDK_DISABLED
  value: {{ $root.Values.telemetry.sdkDisabled | quote }}
- name: OTEL_TRACES_SAMPLER
  value: parentbased_traceidratio
- name: OTEL_TRACES_SAMPLER_ARG
  value: {{ $root.Values.telemetry.traceSampleRatio | quote }}
{{- if ne .name "payment-provider" }}
- name: JWT_PUBLIC_KEY_FILE
  value: /etc/firebreak/jwt/jwt-public.pem
{{- end }}
{{- if has .name (list "orders" "inventory" "payments" "analytics") }}
- name: KAFKA_BROKERS
  value: {{ include "firebreak.kafkaBootstrap" $root }}
{{- end }}
{{- if has .name (list "orders" "inventory" "payments") }}
{{- include "firebreak.databaseEnv" . }}
{{- end }}
{{- include (printf "firebreak.env.%s" .name) . }}
{{- range $key, $value := .service.env }}
- name: {{ $key }}
  value: {{ $value | quote }}
{{- end }}
{{- end }}

{{/*
The runtime role's URL is put together here; the owner's, for the migrations, is the one CloudNativePG
writes to the cluster's -app Secret. Kubernetes expands $(DB_PASSWORD) from the variable before it.
*/}}
{{- define "firebreak.databaseEnv" }}
{{- $cluster := include "firebreak.databaseCluster" (list .root .name) }}
- name: DB_PASSWORD
  valueFrom:
    secretKeyRef: { name: {{ index .root.Values.secrets.databases .name }}, key: password }
- name: DATABASE_URL
  value: postgresql://{{ .name }}:$(DB_PASSWORD)@{{ $cluster }}-rw:5432/{{ .name }}
- name: MIGRATION_DATABASE_URL
  valueFrom:
    secretKeyRef: { name: {{ $cluster }}-app, key: uri }
{{- end }}

{{- define "firebreak.redisEnv" }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef: { name: {{ .root.Values.secrets.redis }}, key: {{ .name }}-url }
{{- end }}

{{- define "firebreak.env.gateway" }}
{{- include "firebreak.redisEnv" . }}
- name: ADMIN_PORT
  value: {{ .service.adminPort | quote }}
{{- range $upstream := list "orders" "inventory" "payments" "analytics" }}
- name: {{ upper $upstream }}_URL
  value: http://{{ include "firebreak.serviceName" (dict "root" $.root "name" $upstream) }}
{{- end }}
{{- end }}

{{- define "firebreak.env.orders" }}
{{- include "firebreak.redisEnv" . }}
{{- end }}

{{- define "firebreak.env.inventory" }}
{{- end }}

{{- define "firebreak.env.payments" }}
- name: PSP_URL
  value: http://{{ include "firebreak.serviceName" (dict "root" .root "name" "payment-provider") }}
- name: PSP_API_KEY
  valueFrom:
    secretKeyRef: { name: {{ .root.Values.secrets.psp }}, key: api-key }
{{- end }}

{{- define "firebreak.env.analytics" }}
{{- $secret := .root.Values.secrets.clickhouse }}
{{- $host := printf "clickhouse-%s:8123" (include "firebreak.clickhouseName" .root) }}
- name: CLICKHOUSE_WRITER_PASSWORD
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: writer-password }
- name: CLICKHOUSE_READER_PASSWORD
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: reader-password }
- name: CLICKHOUSE_URL
  value: http://analytics_writer:$(CLICKHOUSE_WRITER_PASSWORD)@{{ $host }}
- name: CLICKHOUSE_READER_URL
  value: http://analytics_reader:$(CLICKHOUSE_READER_PASSWORD)@{{ $host }}
{{- end }}

{{- define "firebreak.env.payment-provider" }}
- name: PSP_API_KEY
  valueFrom:
    secretKeyRef: { name: {{ .root.Values.secrets.psp }}, key: api-key }
- name: LEDGER_FILE
  value: /var/lib/firebreak/payment-provider/ledger.jsonl
{{- end }}
