/** The extension manifest: contributions point at files that ship and commands that exist. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/engine';

interface Manifest {
  icon: string;
  activationEvents: string[];
  contributes: {
    commands: { command: string; category?: string }[];
    walkthroughs: { steps: { media: { markdown?: string }; description: string; completionEvents?: string[] }[] }[];
    viewsContainers: { activitybar: { icon: string }[] };
    snippets: { path: string }[];
    menus: Record<string, { command: string }[]>;
    keybindings: { command: string }[];
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const nls = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
const commands = new Set(manifest.contributes.commands.map((c) => c.command));

test('walkthrough steps have their pages and link only to contributed commands', () => {
  const steps = manifest.contributes.walkthroughs.flatMap((w) => w.steps);
  assert.ok(steps.length >= 3 && steps.length <= 4);
  for (const step of steps) {
    assert.ok(step.media.markdown && fs.existsSync(path.join(ROOT, step.media.markdown)), `missing ${step.media.markdown}`);
    const text = nls[step.description.replace(/^%|%$/g, '')] ?? step.description;
    for (const m of text.matchAll(/command:([\w.]+)/g)) assert.ok(commands.has(m[1]), `walkthrough links to unknown command ${m[1]}`);
    for (const e of step.completionEvents ?? []) if (e.startsWith('onCommand:')) assert.ok(commands.has(e.slice(10)), e);
  }
});

test('every command is in category MLSD; menus and keybindings refer to contributed commands', () => {
  for (const c of manifest.contributes.commands) assert.equal(c.category, 'MLSD', c.command);
  for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
    for (const item of items) assert.ok(commands.has(item.command), `${menu} refers to ${item.command}`);
  }
  for (const k of manifest.contributes.keybindings) assert.ok(commands.has(k.command), k.command);
});

test('icons and snippets exist; the extension icon is a 128×128 PNG', () => {
  for (const file of [manifest.icon, ...manifest.contributes.viewsContainers.activitybar.map((a) => a.icon), ...manifest.contributes.snippets.map((s) => s.path)]) {
    assert.ok(fs.existsSync(path.join(ROOT, file)), file);
  }
  const png = fs.readFileSync(path.join(ROOT, manifest.icon));
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  assert.equal(png.readUInt32BE(16), 128);
  assert.equal(png.readUInt32BE(20), 128);
});
