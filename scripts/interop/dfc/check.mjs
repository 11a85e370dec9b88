#!/usr/bin/env node
// Part of Bayanihan's interop check (scripts/interop-check): the consortium's own connector
// reads what Bayanihan exports. Adapted from a prototype made for this repository.
// Import a DFC JSON-LD file with @datafoodconsortium/connector 1.0.0-beta.2 and
// print what came through, as JSON on stdout:
//   {enterprises:[{name, catalogItems:[{productName, stock, price, currency, ...}]}],
//    saleSessions:[{begin, end, offers}], catalogItems:[...], offers:[...],
//    suppliedProducts:[...], counts:{...}, imported, warnings:[...]}
//
// Usage: node check.mjs FILE [--strict]
//   exit 0  imported (possibly with warnings)
//   exit 1  unreadable / not JSON / connector import threw / nothing imported
//   exit 2  --strict and there were warnings (dangling references, dropped nodes,
//           missing price/stock/name)
//
// Runs fully offline: global fetch is replaced by a function that refuses, so a
// document whose @context is not the preloaded 1.16.0 URL fails instead of
// silently going to the network.
import fs from 'node:fs';
import { Connector } from '@datafoodconsortium/connector';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const strict = args.includes('--strict');
if (!file) {
  console.error('usage: node check.mjs FILE [--strict]');
  process.exit(1);
}

const refused = [];
globalThis.fetch = async (url) => {
  refused.push(String(url));
  throw new Error(`offline: refused to fetch ${url}`);
};

function fail(msg, err) {
  console.error(`check.mjs: ${msg}${err ? `: ${err?.stack || err}` : ''}`);
  if (refused.length) console.error(`check.mjs: network fetches refused: ${[...new Set(refused)].join(', ')}`);
  process.exit(1);
}

let text;
try { text = fs.readFileSync(file, 'utf8'); } catch (e) { fail(`cannot read ${file}`, e); }
let doc;
try { doc = JSON.parse(text); } catch (e) { fail(`${file} is not JSON`, e); }

const connector = new Connector();
const warnings = [];
const PRELOADED = 'https://www.datafoodconsortium.org/wp-content/plugins/wordpress-context-jsonld/context_1.16.0.jsonld';
if (typeof doc['@context'] === 'string' && doc['@context'] !== PRELOADED) {
  warnings.push(`@context is ${doc['@context']}; the connector only has ${PRELOADED} offline`);
}

let objects;
try {
  objects = await connector.import(text);
} catch (e) {
  fail('connector.import() rejected', e);
}
if (!objects || objects.length === 0) fail('connector.import() returned no objects');

const expand = (iri) => (iri == null ? iri : connector.getSemantizer().expand(iri));
const byId = new Map(objects.map((o) => [o.getSemanticId(), o]));
const ofType = (t) => objects.filter((o) => o.isSemanticTypeOf(`dfc-b:${t}`));
const num = (n) => (n === undefined || n === null || Number.isNaN(n) ? null : n);

// Nodes with an IRI @id and an @type that the connector did not turn into an
// object (unknown type -> silently dropped by Connector.import).
const graph = Array.isArray(doc) ? doc : Array.isArray(doc['@graph']) ? doc['@graph'] : [doc];
for (const node of graph) {
  const id = node?.['@id'];
  if (typeof id === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(id) && !id.startsWith('_:') && !byId.has(expand(id)) && node['@type']) {
    warnings.push(`node ${id} (${JSON.stringify(node['@type'])}) was not imported`);
  }
}

// Resolve references through the connector's own getters, but never let one
// dangling reference abort the whole report.
async function safe(what, fn, fallback) {
  try { return await fn(); } catch (e) { warnings.push(`${what}: ${e?.message || e}`); return fallback; }
}

function unitInfo(measure) {
  if (!measure) return null;
  const iri = expand(measure.getSemanticProperty('dfc-b:hasUnit'));
  return iri ?? null;
}

async function describeCatalogItem(ci) {
  const id = ci.getSemanticId();
  const product = await safe(`${id} dfc-b:references`, () => ci.getOfferedProduct(), undefined);
  const offers = await safe(`${id} dfc-b:offeredThrough`, () => ci.getOfferers(), []);
  const offer = offers[0];
  const price = offer?.getSemanticProperty('dfc-b:hasPrice') && typeof offer.getPrice === 'function'
    ? await safe(`${offer.getSemanticId()} dfc-b:hasPrice`, () => offer.getPrice(), undefined) : undefined;
  const quantity = product?.getSemanticProperty('dfc-b:hasQuantity') && typeof product.getQuantity === 'function'
    ? await safe(`${product.getSemanticId()} dfc-b:hasQuantity`, () => product.getQuantity(), undefined) : undefined;
  if (product && !product.isSemanticTypeOf('dfc-b:SuppliedProduct')) {
    // e.g. a product node without @type: the connector types it from the first
    // rdf:type it finds in the merged dataset, i.e. its QuantitativeValue blank node.
    warnings.push(`${id}: dfc-b:references ${product.getSemanticId()} was imported as ${product.getSemanticType()}, not dfc-b:SuppliedProduct`);
  }
  const literal = (o, getter, prop) => (o ? (typeof o[getter] === 'function' ? o[getter]() : o.getSemanticProperty(prop)) ?? null : null);
  const out = {
    id,
    productName: literal(product, 'getName', 'dfc-b:name'),
    productDescription: literal(product, 'getDescription', 'dfc-b:description'),
    quantity: quantity ? { value: num(quantity.getQuantityValue()), unit: unitInfo(quantity) } : null,
    sku: ci.getSku() ?? null,
    stock: num(ci.getStockLimitation()),
    price: price ? num(price.getQuantityValue()) : null,
    vatRate: price ? num(price.getVatRate()) : null,
    currency: unitInfo(price),
    offers: offers.length,
    offerStock: offer ? num(offer.getStockLimitation()) : null,
  };
  if (out.productName === null) warnings.push(`${id}: no product name`);
  // An item on offer must carry its price; one on sale nowhere now has no offer, hence
  // no price, but still its stock (0): without one, readers take it as unlimited.
  if (out.offers > 0 && out.price === null) warnings.push(`${id}: no price`);
  if (out.stock === null) warnings.push(`${id}: no dfc-b:stockLimitation`);
  return out;
}

const ciCache = new Map();
const describe = (ci) => {
  if (!ciCache.has(ci.getSemanticId())) ciCache.set(ci.getSemanticId(), describeCatalogItem(ci));
  return ciCache.get(ci.getSemanticId());
};

const enterprises = [];
for (const e of ofType('Enterprise')) {
  const id = e.getSemanticId();
  const managed = await safe(`${id} dfc-b:manages`, () => e.getManagedCatalogItems(), []);
  const catalogs = await safe(`${id} dfc-b:maintains`, () => e.getMaintainedCatalogs(), []);
  const listed = [];
  for (const cat of catalogs) listed.push(...await safe(`${cat.getSemanticId()} dfc-b:lists`, () => cat.getItems(), []));
  const items = new Map();
  for (const ci of [...managed, ...listed]) items.set(ci.getSemanticId(), ci);
  enterprises.push({
    id,
    name: e.getName() ?? null,
    description: e.getDescription() ?? null,
    catalogs: catalogs.map((c) => c.getSemanticId()),
    catalogItems: await Promise.all([...items.values()].map(describe)),
  });
}

const saleSessions = [];
for (const s of ofType('SaleSession')) {
  const id = s.getSemanticId();
  const listed = s.getSemanticPropertyAll('dfc-b:lists');
  const resolved = await safe(`${id} dfc-b:lists`, () => s.getOffers(), []);
  saleSessions.push({ id, begin: s.getBeginDate() ?? null, end: s.getEndDate() ?? null, offers: listed.length, offersResolved: resolved.length });
}

const offers = [];
for (const o of ofType('Offer')) {
  const id = o.getSemanticId();
  const price = o.getSemanticProperty('dfc-b:hasPrice') ? await safe(`${id} dfc-b:hasPrice`, () => o.getPrice(), undefined) : undefined;
  offers.push({
    id,
    offeredItem: expand(o.getSemanticProperty('dfc-b:offeredItem')) ?? null,
    price: price ? num(price.getQuantityValue()) : null,
    vatRate: price ? num(price.getVatRate()) : null,
    currency: unitInfo(price),
    stock: num(o.getStockLimitation()),
  });
}

const suppliedProducts = ofType('SuppliedProduct').map((p) => {
  const q = p.getSemanticProperty('dfc-b:hasQuantity') ? p.getQuantity() : undefined;
  return {
    id: p.getSemanticId(),
    name: p.getName() ?? null,
    description: p.getDescription() ?? null,
    quantity: q ? { value: num(q.getQuantityValue()), unit: unitInfo(q) } : null,
    productType: expand(p.getSemanticProperty('dfc-b:hasType')) ?? null,
  };
});

const report = {
  file,
  enterprises,
  saleSessions,
  catalogItems: await Promise.all(ofType('CatalogItem').map(describe)),
  offers,
  suppliedProducts,
  counts: Object.fromEntries(['Enterprise', 'Catalog', 'CatalogItem', 'SuppliedProduct', 'Offer', 'SaleSession', 'Price', 'QuantitativeValue']
    .map((t) => [t, ofType(t).length])),
  imported: objects.length,
  warnings: [...new Set(warnings)],
};
console.log(JSON.stringify(report, null, 2));
process.exit(strict && report.warnings.length ? 2 : 0);
