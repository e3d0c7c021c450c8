// Starts the real `agora serve` binary on a free port in a fresh temporary data directory.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Returns { base, setupPath, stop(), output() }.
 * AGORA_BIN: path to the binary (default ../target/debug/agora relative to e2e/).
 */
export async function startAgora({ timeoutMs = 60_000, demo = false } = {}) {
  const bin = resolve(join(here, '..'), process.env.AGORA_BIN ?? '../target/debug/agora');
  if (!existsSync(bin)) throw new Error(`Agora binary not found at ${bin} (set AGORA_BIN or run cargo build)`);
  const dataDir = mkdtempSync(join(tmpdir(), 'agora-e2e-'));
  const port = await freePort();
  const listen = `127.0.0.1:${port}`;
  const base = `http://${listen}`;
  // Keep only the environment the binary needs, plus any AGORA_LOG the caller sets.
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? dataDir,
    AGORA_LISTEN: listen,
    AGORA_DATA_DIR: dataDir,
  };
  if (process.env.AGORA_LOG) env.AGORA_LOG = process.env.AGORA_LOG;
  if (demo) {
    // `agora demo` loads the demo event (and its principal admin) into this database first.
    const loaded = spawnSync(bin, ['demo'], { cwd: dataDir, env, encoding: 'utf8' });
    if (loaded.status !== 0) throw new Error(`agora demo failed: ${loaded.stdout}${loaded.stderr}`);
  }
  const child = spawn(bin, ['serve'], { cwd: dataDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let exited = null;
  child.stdout.on('data', (d) => { out += d.toString(); });
  child.stderr.on('data', (d) => { out += d.toString(); });
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  // Never leave the server behind, even if the test process dies early.
  const killOnExit = () => { if (!exited) child.kill('SIGKILL'); };
  process.once('exit', killOnExit);

  let setupPath = null;
  let ready = false;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) break;
    if (!setupPath) {
      const m = out.match(/\/setup\/[A-Za-z0-9_\-.~%]+/);
      if (m) setupPath = m[0];
    }
    if (setupPath || (demo && /listening on/.test(out))) {
      try {
        const res = await fetch(`${base}/health/ready`);
        if (res.status === 200) { ready = true; break; }
      } catch { /* not listening yet */ }
    }
    await sleep(200);
  }
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      for (let i = 0; i < 50 && !exited; i++) await sleep(100);
      if (!exited) child.kill('SIGKILL');
    }
    if (!process.env.E2E_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
  };
  if (!ready) {
    await stop();
    throw new Error(
      `agora serve did not become ready (exit: ${JSON.stringify(exited)}, setup link seen: ${!!setupPath}).\n--- output ---\n${out}`,
    );
  }
  return { base, setupPath, dataDir, stop, output: () => out };
}
