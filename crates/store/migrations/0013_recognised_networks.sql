-- The networks the server's operator recognises (issue 14, against spam on the public map).
-- Anyone may register an organization, a network included, and a network's stewards approve
-- its members for its map: a network made to approve its own spam would otherwise put it on
-- the server's public map. Approvals count on the public map only when the approving network
-- is recognised here or is an active member network inside a recognised one (whose stewards
-- accepted the link). The operator recognises with `bayanihan network recognise`.
CREATE TABLE recognised_networks (
    network_id    TEXT PRIMARY KEY REFERENCES organizations (id),
    recognised_at BIGINT NOT NULL
);
