-- "Saga pgbench": all the SQL of one happy-path order, one script run per order, so tps is
-- orders/s. Five transactions, each as the service that owns it commits it (one per consumed event,
-- the inbox claim first): placement (orders), reservation (inventory on OrderPlaced), payment
-- (payments on StockReserved), confirmation (orders on PaymentAuthorized), sale (inventory on
-- PaymentAuthorized). Each event's id is its outbox row's id, as Debezium carries it.
-- Left out: work an order does not need (the orders service's empty transaction for StockReserved,
-- the payments pre-check that ON CONFLICT already covers) and the PSP call itself.
-- Run by `firebreak bench capacity` in prepared mode (-M prepared) against orders_bench, which no
-- connector reads: the orders tables in public, inventory's and payments' (with their own outbox and
-- inbox, as in their own databases) in schemas of those names.
\set customer random(1, 1000)
\set product random(1, 5)
SELECT gen_random_uuid()::text AS order_id, gen_random_uuid()::text AS placed_id,
       gen_random_uuid()::text AS reserved_id, gen_random_uuid()::text AS authorized_id,
       (ARRAY['sku-espresso', 'sku-grinder', 'sku-kettle', 'sku-filter', 'sku-scale'])[:product::int] AS product_id \gset

-- Placement: POST /api/v1/orders.
BEGIN;
INSERT INTO public.idempotency_keys (key, request_hash, order_id)
  VALUES ('bench-' || :order_id::text, md5(:order_id::text), :order_id::uuid) ON CONFLICT (key) DO NOTHING;
INSERT INTO public.orders (id, customer_id, status, items)
  VALUES (:order_id::uuid, 'customer-' || lpad(:customer::text, 4, '0'), 'PENDING',
          ('[{"productId": "' || :product_id::text || '", "quantity": 1}]')::jsonb)
  RETURNING id, customer_id, status, items, amount_cents, cancel_reason, created_at, completed_at;
INSERT INTO public.outbox (id, aggregatetype, aggregateid, type, payload, traceparent)
  VALUES (:placed_id::uuid, 'order', :order_id::text, 'OrderPlaced',
          jsonb_build_object('orderId', :order_id::text, 'customerId', 'customer-' || lpad(:customer::text, 4, '0'),
                             'items', jsonb_build_array(jsonb_build_object('productId', :product_id::text, 'quantity', 1))),
          '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
COMMIT;

-- Reservation: inventory consumes OrderPlaced.
BEGIN;
INSERT INTO inventory.inbox (consumer, event_id) VALUES ('inventory', :placed_id::text)
  ON CONFLICT DO NOTHING RETURNING event_id;
SELECT * FROM inventory.products WHERE id = ANY (ARRAY[:product_id::text]) ORDER BY id FOR UPDATE \gset p_
INSERT INTO inventory.reservations (order_id, status, items, amount_cents, reason)
  VALUES (:order_id::uuid, 'RESERVED', ('[{"productId": "' || :product_id::text || '", "quantity": 1}]')::jsonb,
          :p_price_cents::bigint, NULL)
  ON CONFLICT (order_id) DO NOTHING;
UPDATE inventory.products SET available = available - 1, reserved = reserved + 1 WHERE id = :product_id::text;
INSERT INTO inventory.outbox (id, aggregatetype, aggregateid, type, payload, traceparent)
  VALUES (:reserved_id::uuid, 'inventory', :order_id::text, 'StockReserved',
          jsonb_build_object('orderId', :order_id::text, 'amountCents', :p_price_cents::bigint,
                             'items', jsonb_build_array(jsonb_build_object('productId', :product_id::text, 'quantity', 1))),
          '00-0af7651916cd43dd8448eb211c80319c-53995c3f42cd8ad8-01');
COMMIT;

-- Payment: payments consumes StockReserved (the provider authorised it).
BEGIN;
INSERT INTO payments.inbox (consumer, event_id) VALUES ('payments', :reserved_id::text)
  ON CONFLICT DO NOTHING RETURNING event_id;
INSERT INTO payments.payments (order_id, customer_id, status, amount_cents, reason, psp_reference)
  VALUES (:order_id::uuid, 'customer-' || lpad(:customer::text, 4, '0'), 'AUTHORIZED', :p_price_cents::bigint, NULL,
          'psp-' || :order_id::text)
  ON CONFLICT (order_id) DO NOTHING;
INSERT INTO payments.outbox (id, aggregatetype, aggregateid, type, payload, traceparent)
  VALUES (:authorized_id::uuid, 'payment', :order_id::text, 'PaymentAuthorized',
          jsonb_build_object('orderId', :order_id::text, 'amountCents', :p_price_cents::bigint),
          '00-0af7651916cd43dd8448eb211c80319c-5fb397be34d26b51-01');
COMMIT;

-- Confirmation: orders consumes PaymentAuthorized.
BEGIN;
INSERT INTO public.inbox (consumer, event_id) VALUES ('orders', :authorized_id::text)
  ON CONFLICT DO NOTHING RETURNING event_id;
UPDATE public.orders SET status = 'CONFIRMED', amount_cents = COALESCE(:p_price_cents::bigint, amount_cents),
       cancel_reason = NULL, completed_at = now()
 WHERE id = :order_id::uuid AND status = 'PENDING'
 RETURNING id, customer_id, status, items, amount_cents, cancel_reason, created_at, completed_at;
COMMIT;

-- Sale: inventory consumes PaymentAuthorized.
BEGIN;
INSERT INTO inventory.inbox (consumer, event_id) VALUES ('inventory', :authorized_id::text)
  ON CONFLICT DO NOTHING RETURNING event_id;
UPDATE inventory.reservations SET status = 'SOLD', updated_at = now()
 WHERE order_id = :order_id::uuid AND status = 'RESERVED'
 RETURNING order_id, items, amount_cents;
UPDATE inventory.products SET reserved = reserved - 1, sold = sold + 1 WHERE id = :product_id::text;
COMMIT;
