// The shipped JSON Schema, checked with a real JSON Schema validator (ajv, draft 2020-12).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";

const read = (p) => JSON.parse(readFileSync(new URL(p, import.meta.url)));
const schema = read("../../pkg/firstvalue.schema.json");
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
const example = read("../fixtures/spec-example.json");

test("the schema accepts the SPEC example", () => {
  assert.ok(validate(example), JSON.stringify(validate.errors));
});

test("the schema rejects unknown keys at every level", () => {
  for (const mutate of [
    (c) => { c.titel = "x"; },
    (c) => { c.steps[0].complete_on = []; },
    (c) => { c.steps[0].action.target = "_blank"; },
    (c) => { c.segments[0].firstvalue = {}; },
  ]) {
    const c = structuredClone(example);
    mutate(c);
    assert.equal(validate(c), false, JSON.stringify(c));
    assert.ok(validate.errors.some((e) => e.keyword === "additionalProperties"));
  }
});

test("the schema rejects bad ids, durations, hrefs and versions", () => {
  for (const mutate of [
    (c) => { c.version = 2; },
    (c) => { c.steps[0].id = "Bad Id"; },
    (c) => { c.segments[0].ttfvGoal = "P1M"; },
    (c) => { c.steps[0].action.href = "javascript:alert(1)"; },
    (c) => { c.steps[0].action.href = "data:text/html,x"; },
    (c) => { c.segments[0].match = { plan: { between: [1, 2] } }; },
    (c) => { delete c.steps[0].action.href; },
  ]) {
    const c = structuredClone(example);
    mutate(c);
    assert.equal(validate(c), false, JSON.stringify(c));
  }
});

test("the schema accepts the demo config and the rules example, and rejects bad rules and nudges", () => {
  const demo = read("../../www/acme.config.json");
  assert.ok(validate(demo), JSON.stringify(validate.errors));
  const rules = read("../fixtures/rules-example.json");
  assert.ok(validate(rules), JSON.stringify(validate.errors));
  for (const mutate of [
    (c) => { c.steps[0].completeOn = [{ evnt: "x" }]; },
    (c) => { c.steps[0].completeOn = [{ event: "x", count: 0 }]; },
    (c) => { c.steps[0].completeOn = [{ page: "reports" }]; },
    (c) => { c.steps[0].completeOn = [{ all: [] }]; },
    (c) => { c.steps[0].scope = "team"; },
    (c) => { c.segments[0].atRisk = 1.5; },
    (c) => { c.segments[0].showHelpOn = ["late"]; },
    (c) => { c.segments[0].help = { description: "no title" }; },
    (c) => { c.snoozeOptions = ["soon"]; },
  ]) {
    const c = structuredClone(rules);
    mutate(c);
    assert.equal(validate(c), false, JSON.stringify(c.steps[0]) + JSON.stringify(c.segments[0]));
  }
});
