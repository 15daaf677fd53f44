// Issue 10, finding 18: the README lists every demo user of data/seed/demo-users.json, and a
// user who works in a unit is listed with that unit (a receiving-unit worker sees only the
// handoffs to their own unit, so a tester must know which one).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface DemoUser {
  username: string;
  unit?: string;
}
const users = JSON.parse(readFileSync('data/seed/demo-users.json', 'utf8')) as {
  staff: DemoUser[];
  clients: DemoUser[];
};
const units = (
  JSON.parse(readFileSync('data/seed/pohjois-savo/network.json', 'utf8')) as {
    units: { code: string; name: { fi: string } }[];
  }
).units;
const readme = readFileSync('README.md', 'utf8');
const rowOf = (username: string) => readme.split('\n').find((line) => line.startsWith(`| \`${username}\` `));

describe("the README's demo users", () => {
  for (const user of [...users.staff, ...users.clients]) {
    it(`lists ${user.username}${user.unit ? ' with the unit they work in' : ''}`, () => {
      const row = rowOf(user.username);
      expect(row, user.username).toBeDefined();
      if (user.unit) {
        const unit = units.find((u) => u.code === user.unit);
        expect(unit, user.unit).toBeDefined();
        expect(row).toContain(unit?.name.fi);
      }
    });
  }
});
