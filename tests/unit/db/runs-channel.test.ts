import { describe, expect, it } from 'vitest';
import { parseRunsChange } from '../../../src/main/db/runs-channel';

describe('portal_runs payloads', () => {
  it('parses what the triggers send', () => {
    expect(parseRunsChange('{"kind" : "lock", "run_id" : "0b8e6a9e-5a57-4a43-9d47-1f1f5b0a3c11"}')).toEqual({
      kind: 'lock',
      runId: '0b8e6a9e-5a57-4a43-9d47-1f1f5b0a3c11',
    });
    expect(parseRunsChange('{"kind":"monitor","run_id":null}')).toEqual({ kind: 'monitor', runId: null });
  });

  it('ignores anything else', () => {
    for (const p of [
      '',
      'hello',
      '[]',
      'null',
      '{"kind":"drop","run_id":null}',
      '{"kind":"run","run_id":5}',
    ]) {
      expect(parseRunsChange(p), p).toBeUndefined();
    }
  });
});
