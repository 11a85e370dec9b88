-- PostgreSQL only (a page fill factor for order_lines, see 0022_order_lines_room.postgres.sql):
-- SQLite has no such setting and its close updates rows in place. The version is kept in step.
SELECT 1;
