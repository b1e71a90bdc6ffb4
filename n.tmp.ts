import { normalize } from '/work/main/server/src/engine';
for (const s of process.argv.slice(2)) console.log(JSON.stringify(normalize(s).text));
