import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Commands, ContextKeys, Languages, Views } from '../../src/protocol';
import { ReflattenCommand, ShowMapCommand } from '../../src/protocol';
import { repoRoot } from '../shared/fixtures';

interface Contributed {
  command: string;
  when?: string;
  group?: string;
}
const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as {
  main: string;
  icon: string;
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: boolean | string; restrictedConfigurations?: string[] }; virtualWorkspaces: unknown };
  contributes: {
    languages: { id: string }[];
    commands: { command: string; title: string; category: string; enablement?: string }[];
    menus: Record<string, Contributed[]>;
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    views: Record<string, { id: string }[]>;
    viewsWelcome: { view: string; when: string }[];
    configuration: { properties: Record<string, { scope: string }> };
  };
};
const c = pkg.contributes;

test('package.json contributes exactly the commands the client registers, in the "QEMU Memory" category', () => {
  const ids = Object.values(Commands) as string[];
  assert.deepEqual(c.commands.map((x) => x.command).sort(), [...ids].sort());
  assert.ok(c.commands.every((x) => x.category === 'QEMU Memory' && x.title.length > 0));
  // The server executes qemu-memmap.reflatten: contributing or registering it would clash with the client's routing.
  assert.ok(!ids.includes(ReflattenCommand));
  assert.equal(Commands.showMap, ShowMapCommand);
  const registered = readFileSync(join(repoRoot(), 'src', 'client', 'commands', 'index.ts'), 'utf8');
  for (const key of Object.keys(Commands)) assert.match(registered, new RegExp(`register\\(Commands\\.${key},`), key);
});

test('menus name only contributed commands; context-only ones are hidden from the palette', () => {
  const ids = new Set(c.commands.map((x) => x.command));
  for (const [menu, items] of Object.entries(c.menus)) for (const item of items) assert.ok(ids.has(item.command), `${menu}: ${item.command}`);
  const palette = new Map(c.menus.commandPalette?.map((x) => [x.command, x.when]));
  assert.equal(palette.get(Commands.revealRange), 'false');
  for (const id of [Commands.reflattenActive, Commands.translateGpa, Commands.why, Commands.exportJson]) assert.equal(palette.get(id), ContextKeys.hasModel);
});

test('one activity-bar container with the four views, each with welcome content, and its icon on disk', () => {
  const [container] = c.viewsContainers.activitybar;
  assert.equal(container?.id, Views.container);
  assert.ok(existsSync(join(repoRoot(), container?.icon ?? '')));
  assert.ok(existsSync(join(repoRoot(), pkg.icon)) && pkg.icon.endsWith('.png'));
  assert.deepEqual(c.views[Views.container]?.map((v) => v.id), [Views.addressSpaces, Views.flatView, Views.ramBlocks, Views.differences]);
  assert.deepEqual([...new Set(c.viewsWelcome.map((w) => w.view))].sort(), [Views.addressSpaces, Views.flatView, Views.ramBlocks, Views.differences].sort());
});

test('settings with scopes, activation on both languages, workspace trust and virtual workspaces declared', () => {
  const p = c.configuration.properties;
  assert.equal(p['qemuMemmap.server.debounceMs']?.scope, 'resource');
  assert.equal(p['qemuMemmap.trace.server']?.scope, 'window');
  assert.equal(p['qemuMemmap.map.defaultAddressSpace']?.scope, 'resource');
  for (const id of Object.values(Languages)) {
    assert.ok(c.languages.some((l) => l.id === id));
    assert.ok(pkg.activationEvents.includes(`onLanguage:${id}`));
  }
  assert.equal(pkg.main, './dist/client.js');
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.ok(pkg.capabilities.virtualWorkspaces);
});

test('capturing from QEMU: trusted workspaces only, and the QMP address is a machine setting a workspace cannot set', () => {
  for (const id of [Commands.captureFromQemu, Commands.recapture]) {
    assert.equal(c.commands.find((x) => x.command === id)?.enablement, 'isWorkspaceTrusted', id);
    for (const [menu, items] of Object.entries(c.menus)) {
      for (const item of items.filter((x) => x.command === id)) assert.match(item.when ?? '', /isWorkspaceTrusted/, `${menu}: ${id}`);
    }
  }
  assert.equal(c.configuration.properties['qemuMemmap.qmp.address']?.scope, 'machine');
  assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['qemuMemmap.qmp.address']);
  // The command checks trust itself too, before it asks for an address or opens a socket.
  const source = readFileSync(join(repoRoot(), 'src', 'client', 'commands', 'capture.ts'), 'utf8');
  assert.match(source, /vscode\.workspace\.isTrusted/);
});

test('the RAM Blocks view says why it is empty, for a capture and for a layout', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { contributes: { viewsWelcome: { view: string; when: string; contents: string }[] } };
  const empty = pkg.contributes.viewsWelcome.filter((w) => w.view === Views.ramBlocks && w.when.includes(`!${ContextKeys.hasBlocks}`));
  assert.deepEqual(empty.map((w) => w.when), [
    `${ContextKeys.hasModel} && ${ContextKeys.modelKind} == capture && !${ContextKeys.hasBlocks}`,
    `${ContextKeys.hasModel} && ${ContextKeys.modelKind} == layout && !${ContextKeys.hasBlocks}`,
  ]);
  assert.match(empty[0]?.contents ?? '', /no info ramblock/);
  assert.match(empty[1]?.contents ?? '', /declares no ramblock/);
});

test('every view says why it is empty and which command or capture adds what is missing', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { contributes: { viewsWelcome: { view: string; when: string; contents: string }[] } };
  const welcome = pkg.contributes.viewsWelcome;
  const whens = (view: string): string[] => welcome.filter((w) => w.view === view).map((w) => w.when);
  // Nothing open: each model view links the commands that open or take something to show.
  for (const view of [Views.addressSpaces, Views.flatView, Views.ramBlocks]) {
    const none = welcome.find((w) => w.view === view && w.when === `!${ContextKeys.hasModel}`);
    assert.ok(none, `${view}: no empty state without a model`);
    assert.match(none.contents, /\(command:workbench\.action\.files\.openFile\)/, view);
    assert.match(none.contents, new RegExp(`\\(command:${Commands.captureFromQemu.replace(/[.]/g, '\\.')}\\)`), view);
  }
  // A model without what the view shows: one empty state per kind of document, on the key the client sets.
  for (const [view, key] of [[Views.addressSpaces, ContextKeys.hasSpaces], [Views.flatView, ContextKeys.hasViews], [Views.ramBlocks, ContextKeys.hasBlocks]] as const) {
    for (const kind of ['capture', 'layout']) assert.ok(whens(view).includes(`${ContextKeys.hasModel} && ${ContextKeys.modelKind} == ${kind} && !${key}`), `${view}: no empty state for a ${kind} without ${key}`);
    const forCapture = welcome.find((w) => w.view === view && w.when.includes('== capture') && w.when.includes(`!${key}`));
    assert.match(forCapture?.contents ?? '', /\(command:qemu-memmap\.captureFromQemu\)/, `${view}: the capture command`);
  }
  assert.ok(whens(Views.differences).includes(`!${ContextKeys.hasComparison}`));
  assert.match(welcome.find((w) => w.view === Views.differences)?.contents ?? '', /\(command:qemu-memmap\.compareCaptures\)/);
  // Every key a welcome content waits on is one the client sets.
  const source = readFileSync(join(repoRoot(), 'src', 'client', 'model-source.ts'), 'utf8');
  for (const key of [ContextKeys.hasModel, ContextKeys.modelKind, ContextKeys.hasBlocks, ContextKeys.hasSpaces, ContextKeys.hasViews]) {
    const name = Object.entries(ContextKeys).find(([, v]) => v === key)?.[0] ?? '';
    assert.match(source, new RegExp(`setContext', ContextKeys\\.${name}\\b`), `${key} is set`);
  }
});
