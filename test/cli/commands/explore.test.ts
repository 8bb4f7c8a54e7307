import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it, expect } from 'vitest';

import type { CliIo } from '../../../src/cli/command.js';
import { runCli } from '../../../src/cli/main.js';

function bufferIo(isTTY = false): CliIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    cwd: resolve('.'),
    env: {},
    isTTY,
    stdout: () => out,
    stderr: () => err,
  };
}

const FIXTURE = 'fixtures/workflows/claim-triage.json';

describe('conductor-testkit explore', () => {
  it('prints the coverage table of the runs and exits 0 without invariants', async () => {
    const io = bufferIo();

    const code = await runCli(['explore', FIXTURE, '--runs', '40', '--seed', '5'], io);

    expect(code).toBe(0);
    expect(io.stdout()).toMatch(/^explore claim_triage: seed 5\nclaim_triage v1: 40 runs, coverage [\d.]+% \(\d+\/85 paths\)\n/);
    expect(io.stdout()).toContain('  switch cases   ');
    expect(io.stdout()).toMatch(/\n {2}route_by_channel {3}SWITCH {5}\d+ {4}\d\/6/);
    expect(io.stderr()).toBe('');
  });

  it('writes the JSON report where --out says', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctk-explore-'));
    try {
      const io = bufferIo();

      const code = await runCli(['explore', FIXTURE, '--runs', '20', '--report', 'json', '--out', join(dir, 'c.json')], io);
      const report = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8')) as { reportVersion: number; runs: number; workflow: { name: string } };

      expect(code).toBe(0);
      expect(report).toMatchObject({ reportVersion: 1, runs: 20, workflow: { name: 'claim_triage' } });
      expect(io.stdout()).toContain(`coverage report written to ${join(dir, 'c.json')}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 1 when coverage is below --min-coverage', async () => {
    const io = bufferIo();

    const code = await runCli(['explore', FIXTURE, '--runs', '3', '--min-coverage', '99'], io);

    expect(code).toBe(1);
    expect(io.stdout()).toMatch(/\ncoverage [\d.]+% is below --min-coverage 99%\n$/);
  });

  it('runs only its slice of the runs with --shard', async () => {
    const io = bufferIo();

    const code = await runCli(['explore', FIXTURE, '--runs', '10', '--shard', '2/3'], io);

    expect(code).toBe(0);
    expect(io.stdout()).toContain('explore claim_triage: seed 1 (shard 2/3)\nclaim_triage v1: 3 runs,');
  });

  it('draws a progress bar on a terminal for long campaigns only', async () => {
    const tty = bufferIo(true);
    const pipe = bufferIo(false);

    await runCli(['explore', FIXTURE, '--runs', '200'], tty);
    await runCli(['explore', FIXTURE, '--runs', '200'], pipe);

    expect(tty.stderr()).toContain('\r[##############################] 200/200 runs\n');
    expect(pipe.stderr()).toBe('');
  });

  it('rejects a bad --report value with a usage error', async () => {
    const io = bufferIo();

    const code = await runCli(['explore', FIXTURE, '--report', 'pdf'], io);

    expect(code).toBe(2);
    expect(io.stderr()).toBe('conductor-testkit explore: --report must be html or json, got "pdf"\n');
  });
});
