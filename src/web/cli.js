#!/usr/bin/env node
// `npx firstvalue check <config.json>...` and `npx firstvalue schema`: the native CLI's two
// config commands for npm users, who have no cargo. The same validator (the development
// build's wasm, with the prose and "did you mean" of every problem), the same output:
// compiler-style `error[code]: message` / `  --> file at path` lines and a summary per file;
// the same exit codes: 1 when a config has errors, 2 when a file cannot be read or the
// command is wrong, else 0. Click selectors are checked by the rules both share; what only a
// browser's CSS parser refuses is left to validateConfig() in the browser.
import { readFileSync } from "node:fs";

const USAGE = "usage: firstvalue check <config.json>...\n       firstvalue schema";
const [command, ...files] = process.argv.slice(2);

if (command === "schema" && files.length === 0) {
  process.stdout.write(readFileSync(new URL("./firstvalue.schema.json", import.meta.url), "utf8"));
} else if (command === "check" && files.length > 0) {
  const firstvalue = await import("./dev/firstvalue.js");
  await firstvalue.default(); // in Node: reads the wasm next to it from disk
  let exit = 0;
  for (const file of files) {
    let text;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      console.error(`error: ${file}: cannot read: ${e.message}`);
      exit = 2;
      continue;
    }
    const { errors, warnings } = firstvalue.validateConfig(text);
    let out = "";
    for (const [level, list] of [["error", errors], ["warning", warnings]]) {
      for (const p of list) out += `${level}[${p.code}]: ${p.message}\n  --> ${file} at ${p.path || "(root)"}\n`;
    }
    out += `${file}: ${errors.length ? "invalid" : "ok"}: ${errors.length} error(s), ${warnings.length} warning(s)\n`;
    process.stdout.write(out);
    if (errors.length && exit === 0) exit = 1;
  }
  process.exitCode = exit;
} else {
  console.error(USAGE);
  process.exitCode = 2;
}
