import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the demo runs from apps/demo under turbo, but the lake lives at the root. */
const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Folders of the demo lake; `SILT_LAKE` moves it (default `./lake` at the repository root). */
export function lakePaths(root = process.env.SILT_LAKE ?? join(repositoryRoot, 'lake')) {
  return {
    root,
    raw: join(root, 'raw', 'orders'),
    bronze: join(root, 'bronze', 'orders'),
    silver: join(root, 'silver', 'orders'),
    gold: join(root, 'gold', 'daily_revenue'),
    checkpoints: join(root, '_checkpoints'),
  };
}

/** The declared schema of the raw order files (Spark DDL). */
export const RAW_ORDERS_SCHEMA =
  'order_id BIGINT NOT NULL, customer STRING, email STRING, country STRING, product STRING, quantity INT, unit_price DECIMAL(10,2), ordered_at TIMESTAMP';
