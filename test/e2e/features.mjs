// The extension the e2e run installed (the .vsix under test, unpacked in the e2e profile's extensions dir).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { profileDirs } from '../../scripts/code-server.mjs';

export const EXTENSION_ID = 'mlsd-studio.mlsd-studio';

function findExtensionDir() {
  const dir = profileDirs('e2e').extensionsDir;
  if (!existsSync(dir)) return null;
  const hit = readdirSync(dir)
    .filter((d) => d.toLowerCase().startsWith(EXTENSION_ID + '-'))
    .map((d) => path.join(dir, d))
    .filter((d) => existsSync(path.join(d, 'package.json')))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  return hit || null;
}

const extDir = findExtensionDir();

/** Directory and package.json of the installed extension (null when not installed). */
export const installedExtension = { dir: extDir, packageJson: extDir ? JSON.parse(readFileSync(path.join(extDir, 'package.json'), 'utf8')) : null };
