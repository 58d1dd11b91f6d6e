// `npm start`: the example captures and layouts open in VS Code with this extension loaded.
//
// - Desktop VS Code (`code` on PATH): builds, then runs `code --extensionDevelopmentPath=<repo>` on
//   examples/ with a capture and a layout open, and returns.
// - Otherwise (or with --code-server): packages the extension, installs the .vsix into a throwaway
//   code-server profile (code-server itself is installed once into ~/.cache by scripts/code-server.sh),
//   serves examples/ on http://127.0.0.1:PORT and prints the URL to open; Ctrl-C stops it.
//   PORT is --port=N or $PORT, else 8080 when free, else any free port. It listens on 127.0.0.1 only.
// - With --smoke, or when $CI is set: starts code-server as above, checks that the workbench answers
//   over HTTP with the extension installed, prints the URL and exits 0 (1 on any failure).
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ensureCodeServer, freePort, installVsix, makeSandbox, repoRoot, startCodeServer, waitForHttp,
} from '../test/integration/harness/code-server.mjs';

const args = process.argv.slice(2);
const smoke = args.includes('--smoke') || Boolean(process.env.CI);
const forceCodeServer = smoke || args.includes('--code-server');
const examples = join(repoRoot, 'examples');
const opened = [join(examples, 'captures', 'q35-devices-qemu10.txt'), join(examples, 'layouts', 'tiny-board.memlayout')];
const say = (msg) => console.log(`start: ${msg}`);
const npm = (...a) => execFileSync('npm', ['run', '--silent', ...a], { cwd: repoRoot, stdio: 'inherit' });

if (!forceCodeServer && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0) {
  npm('build');
  say('opening examples/ in VS Code with the extension under development');
  execFileSync('code', ['--new-window', `--extensionDevelopmentPath=${repoRoot}`, examples, ...opened], { stdio: 'inherit' });
  process.exit(0);
}

npm('package');
const cs = await ensureCodeServer();
const sandbox = makeSandbox('qmm-start-');
let server;
const shutdown = async (code) => {
  await server?.stop();
  sandbox.dispose();
  process.exit(code);
};
try {
  await installVsix(cs, sandbox, join(repoRoot, 'dist-vsix', 'qemu-memmap.vsix'));
  if (!readdirSync(sandbox.extensions).some((d) => d.startsWith('qemu-memmap.qemu-memmap-'))) throw new Error('the .vsix did not install');
  server = await startCodeServer(cs, sandbox, { port: await choosePort(), folder: examples });
  const url = `${server.url}?folder=${encodeURIComponent(examples)}`;
  await waitForHttp(url, 30_000);
  if (smoke) {
    const html = await (await fetch(url)).text();
    if (!/workbench/i.test(html)) throw new Error(`${url} answered, but not with the VS Code workbench`);
    say(`the workbench answers at ${url} with qemu-memmap installed (smoke run: stopping)`);
    await shutdown(0);
  }
  console.log(`\n  QEMU Memory Map in VS Code (code-server, this machine only):\n\n    ${url}\n\n  Open the URL in a browser; in the explorer open ${opened.map((f) => f.slice(examples.length + 1)).join(' or ')}.\n  Ctrl-C stops it.\n`);
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
} catch (err) {
  console.error(`start: ${err.stack ?? err}`);
  if (server) console.error(server.output().slice(-3000));
  await shutdown(1);
}

/** --port=N, $PORT, 8080 when free, else any free port. */
async function choosePort() {
  const asked = args.find((a) => a.startsWith('--port='))?.slice(7) ?? process.env.PORT;
  if (asked) return Number(asked);
  const { createServer } = await import('node:net');
  const free = await new Promise((resolve) => {
    const probe = createServer().once('error', () => resolve(false)).listen(8080, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
  return free ? 8080 : freePort();
}
