-- What each offer delivered in a closed cycle, written at close: supplier totals are read from
-- here instead of being summed over every line again.
CREATE TABLE cycle_offer_totals (
    cycle_id       TEXT NOT NULL REFERENCES cycles (id),
    offer_id       TEXT NOT NULL REFERENCES offers (id),
    producer_id    TEXT NOT NULL REFERENCES organizations (id),
    units          BIGINT NOT NULL,
    producer_minor BIGINT NOT NULL,
    total_minor    BIGINT NOT NULL,
    PRIMARY KEY (cycle_id, offer_id)
);

-- Packing lists are read one pickup point at a time.
CREATE INDEX order_lines_by_pickup_point ON order_lines (cycle_id, pickup_point_id);
