-- The order-placement transaction as the orders service commits it: claim the Idempotency-Key,
-- insert the order, insert its OrderPlaced outbox row, commit. For pgbench in prepared mode
-- (-M prepared binds :order_id as a parameter): the database's own ceiling for this transaction.
-- Run by `firebreak bench capacity` against the orders_bench database, which no connector reads.
\set customer random(1, 1000)
SELECT gen_random_uuid()::text AS order_id \gset
BEGIN;
INSERT INTO idempotency_keys (key, request_hash, order_id)
  VALUES ('bench-' || :order_id::text, md5(:order_id::text), :order_id::uuid) ON CONFLICT (key) DO NOTHING;
INSERT INTO orders (id, customer_id, status, items)
  VALUES (:order_id::uuid, 'customer-' || lpad(:customer::text, 4, '0'), 'PENDING',
          '[{"productId": "sku-filter", "quantity": 1}]');
INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, traceparent)
  VALUES (gen_random_uuid(), 'order', :order_id::text, 'OrderPlaced',
          jsonb_build_object('orderId', :order_id::text, 'customerId', 'customer-' || lpad(:customer::text, 4, '0'),
                             'items', jsonb_build_array(jsonb_build_object('productId', 'sku-filter', 'quantity', 1))),
          NULL);
COMMIT;
