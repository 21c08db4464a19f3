/**
 * The peer tools the interop tests run (../shared/TOOLCHAIN.md "Peers as test tools"), installed from the npm
 * registry into a scratch folder — never into docpact's own dependencies. The folder lives under os.tmpdir(), named
 * by a hash of the pinned versions and Node's major version, so a rerun finds it ready; a half-done install is made
 * in a sibling folder and renamed into place only when npm succeeded, so a killed install is never taken as done.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Exact versions: what TOOLCHAIN.md says installs and runs on Node 20 here. */
export const PEERS: Readonly<Record<string, string>> = {
  dredd: '14.1.0',
  '@stoplight/prism-cli': '5.16.0',
  '@stoplight/spectral-cli': '6.16.3',
  autocannon: '9.0.0',
};

/** The scratch folder for these versions (it may not exist yet). */
export function peersDir(): string {
  const key = createHash('sha256').update(JSON.stringify({ PEERS, node: process.versions.node.split('.')[0] })).digest('hex').slice(0, 16);
  return join(tmpdir(), `docpact-interop-${key}`);
}

/** The scratch folder with the peers installed: reused when a previous run completed it, else installed now. */
export async function ensurePeers(): Promise<string> {
  const dir = peersDir();
  if (existsSync(join(dir, 'installed.json'))) return dir;
  const staging = mkdtempSync(`${dir}.staging-`);
  try {
    writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'docpact-interop-scratch', private: true }));
    const specs = Object.entries(PEERS).map(([name, version]) => `${name}@${version}`);
    await run('npm', ['install', '--no-audit', '--no-fund', '--save-exact', '--loglevel=error', ...specs], { cwd: staging, maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60_000 });
    writeFileSync(join(staging, 'installed.json'), JSON.stringify(PEERS));
    try {
      renameSync(staging, dir);
    } catch (error) {
      // Another run finished first: use its folder.
      if (!existsSync(join(dir, 'installed.json'))) throw error;
      rmSync(staging, { recursive: true, force: true });
    }
    return dir;
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** The path of a peer's executable in the scratch folder. */
export function peerBin(dir: string, name: 'dredd' | 'prism' | 'spectral' | 'autocannon'): string {
  return join(dir, 'node_modules', '.bin', name);
}
