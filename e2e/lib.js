// Shared by the browser tests: a fresh demo server (optionally mailing through a local SMTP
// sink), Debian's Chromium through playwright-core, and the checks every page visited gets:
// axe-core (no serious or critical violation), weight (< 50 KB transferred, compressed,
// stylesheet included; a page that measured nothing fails), and no sideways scrolling at
// 360 px. Screenshots of failures go to e2e/screenshots/; `keep` screenshots of key pages go
// to e2e/screenshots/journeys/ (CI keeps both as artefacts).
'use strict';
const { before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '..');
const BIN = process.env.BAYANIHAN_BIN || path.join(ROOT, 'target', 'debug', 'bayanihan');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE = require.resolve('axe-core/axe.min.js');
const SHOTS = path.join(__dirname, 'screenshots');
const PASSWORD = 'bayanihan-demo';

const ctx = { server: null, browser: null, base: null, dataDir: null, smtp: null };
const checked = new Set();

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

async function waitUp(url) {
  for (let i = 0; i < 300; i++) {
    try { const r = await fetch(url + '/healthz'); if (r.ok) return; } catch (_) { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the demo server did not start');
}

/** A small real SMTP server that keeps every message it receives (decoded body included). */
function smtpSink() {
  const mails = [];
  const server = net.createServer((socket) => {
    let buffer = '';
    let data = null;
    let to = [];
    socket.write('220 sink.test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let i;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (data !== null) {
          if (line === '.') {
            mails.push({ to, raw: data, body: decodeBody(data) });
            data = null;
            to = [];
            socket.write('250 kept\r\n');
          } else {
            data += (line.startsWith('.') ? line.slice(1) : line) + '\n';
          }
          continue;
        }
        const upper = line.toUpperCase();
        if (upper.startsWith('EHLO') || upper.startsWith('HELO')) socket.write('250 sink.test\r\n');
        else if (upper.startsWith('RCPT TO:')) { to.push(line.slice(8).trim().replace(/[<>]/g, '')); socket.write('250 OK\r\n'); }
        else if (upper.startsWith('DATA')) { data = ''; socket.write('354 go ahead\r\n'); }
        else if (upper.startsWith('QUIT')) { socket.end('221 bye\r\n'); }
        else socket.write('250 OK\r\n');
      }
    });
    socket.on('error', () => {});
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, mails, port: server.address().port })));
}

function decodeBody(raw) {
  const at = raw.indexOf('\n\n');
  const head = raw.slice(0, at).toLowerCase();
  const body = raw.slice(at + 2);
  if (head.includes('content-transfer-encoding: base64')) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (head.includes('content-transfer-encoding: quoted-printable')) {
    const joined = body.replace(/=\n/g, '');
    return Buffer.from(joined.replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
  return body;
}

/** Starts the demo (with `mail`: mailing through a local SMTP sink) and the browser. */
function useDemo({ mail = false } = {}) {
  before(async () => {
    ctx.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bayanihan-e2e-'));
    const port = await freePort();
    ctx.base = `http://127.0.0.1:${port}`;
    const args = ['demo', '--port', String(port), '--data-dir', ctx.dataDir];
    if (mail) {
      ctx.smtp = await smtpSink();
      args.push('--smtp-url', `smtp://127.0.0.1:${ctx.smtp.port}`,
        '--mail-from', 'Bayanihan <noreply@demo.bayanihan.example>', '--public-url', ctx.base);
    }
    ctx.server = spawn(BIN, args, {
      env: { ...process.env, BAYANIHAN_LOG: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitUp(ctx.base);
    ctx.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  after(async () => {
    if (ctx.browser) await ctx.browser.close();
    if (ctx.server) ctx.server.kill('SIGTERM');
    if (ctx.smtp) ctx.smtp.server.close();
    fs.rmSync(ctx.dataDir, { recursive: true, force: true });
  });
  return ctx;
}

/** A 360 px wide page in a fresh context; `locale` sets Accept-Language. */
async function newPage(locale = 'en-US') {
  const context = await ctx.browser.newContext({ viewport: { width: 360, height: 780 }, locale, bypassCSP: true });
  const page = await context.newPage();
  const bytes = { total: 0, responses: 0 };
  page.on('requestfinished', async (req) => {
    try {
      const s = await req.sizes();
      bytes.total += s.responseBodySize + s.responseHeadersSize;
      bytes.responses += 1;
    } catch (_) { /* gone */ }
  });
  page.bytes = bytes;
  return page;
}

/** Loads a page and checks it: accessibility, weight, width. */
async function visit(page, url, name, status = 200) {
  page.bytes.total = 0;
  page.bytes.responses = 0;
  const res = await page.goto(url.startsWith('http') ? url : ctx.base + url, { waitUntil: 'load' });
  assert.ok(res && res.status() === status, `${name}: status ${res && res.status()}, expected ${status}`);
  await check(page, name);
  return res;
}

async function check(page, name) {
  await page.waitForLoadState('load');
  const width = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(width[0] <= width[1], `${name}: scrolls sideways at 360 px (${width[0]} > ${width[1]})`);
  // The weight counts what was transferred since the last visit or navigation; a check that
  // measured nothing would pass whatever the page weighs.
  assert.ok(page.bytes.responses > 0 && page.bytes.total > 0, `${name}: no transfer was measured`);
  assert.ok(page.bytes.total < 50 * 1024, `${name}: ${page.bytes.total} bytes transferred`);
  if (!checked.has(name)) {
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), [], `${name}: axe violations`);
    checked.add(name);
  }
}

/** Keeps a screenshot of a key page of a journey (a CI artefact). */
async function keep(page, name) {
  const dir = path.join(SHOTS, 'journeys');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** Runs a test body, keeping a screenshot of the page when it fails. */
async function withShots(name, page, body) {
  try { await body(); } catch (e) {
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true }).catch(() => {});
    throw e;
  }
}

/** Navigates by an action (a click, a submit) and resets the weight count for the new page. */
async function navigate(page, action) {
  page.bytes.total = 0;
  page.bytes.responses = 0;
  await Promise.all([page.waitForNavigation(), action()]);
}

async function signIn(page, email, password = PASSWORD) {
  await visit(page, '/signin', 'sign-in');
  await page.fill('#email', email);
  await page.fill('#password', password);
  await navigate(page, () => page.click('main button[type=submit]'));
  assert.match(page.url(), /\/home/);
  await check(page, 'home');
}

async function orgId(name) {
  const all = await (await fetch(`${ctx.base}/api/v1/organizations?q=${encodeURIComponent(name)}`)).json();
  const hit = all.items.find((o) => o.name === name);
  assert.ok(hit, `organization ${name}`);
  return hit.id;
}

module.exports = { ctx, useDemo, newPage, visit, check, keep, withShots, navigate, signIn, orgId, PASSWORD };
