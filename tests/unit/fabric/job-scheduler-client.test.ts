import { describe, expect, it } from 'vitest';
import type { FabricError } from '../../../src/main/fabric/errors';
import type { JsonClient, JsonRequest, JsonResponse } from '../../../src/main/fabric/http/json-client';
import { createJobSchedulerClient } from '../../../src/main/fabric/jobs/job-scheduler-client';
import { isTerminalStatus } from '../../../src/main/fabric/jobs/schemas';

// Response handling of the Job Scheduler client with scripted answers; the wire itself is covered against the
// emulator in tests/integration/fabric/jobs.test.ts.
const config = { fabricApiUrl: 'https://api.fabric.example/v1/', workspaceId: 'ws-1', pipelineId: 'pl-1' };

function scripted(answers: Array<Partial<JsonResponse>>) {
  const requests: JsonRequest[] = [];
  const http: JsonClient = {
    request: async (req) => {
      requests.push(req);
      const a = answers.shift();
      if (!a) throw new Error('no more answers');
      return { status: 200, headers: {}, body: undefined, attempts: 1, ...a };
    },
  };
  return { client: createJobSchedulerClient(config, http), requests };
}

const job = (id: string, status = 'Completed') => ({ id, status, itemId: 'pl-1', jobType: 'Pipeline' });

describe('Job Scheduler client', () => {
  it('posts the documented body and takes the job id from the Location header', async () => {
    const s = scripted([
      {
        status: 202,
        headers: {
          location: 'https://api.fabric.example/v1/workspaces/ws-1/items/pl-1/jobs/instances/j-42',
          'retry-after': '60',
        },
      },
    ]);
    const accepted = await s.client.runPipeline({
      parameters: { run_id: 'r1', n: 2 },
      ownerUpn: 'u@x.com',
      ownerObjectId: 'oid',
    });
    expect(accepted).toEqual({
      jobInstanceId: 'j-42',
      location: 'https://api.fabric.example/v1/workspaces/ws-1/items/pl-1/jobs/instances/j-42',
      retryAfterSec: 60,
    });
    expect(s.requests[0]).toMatchObject({
      method: 'POST',
      url: 'https://api.fabric.example/v1/workspaces/ws-1/items/pl-1/jobs/Pipeline/instances',
      idempotent: false,
      body: {
        executionData: {
          parameters: { run_id: 'r1', n: 2 },
          OwnerUserPrincipalName: 'u@x.com',
          OwnerUserObjectId: 'oid',
        },
      },
    });
  });

  it('a 202 without Location is an outcome-unknown error, so the caller reconciles instead of re-posting', async () => {
    const s = scripted([{ status: 202, headers: {} }]);
    const err = (await s.client
      .runPipeline({ parameters: {}, ownerUpn: 'u', ownerObjectId: 'o' })
      .catch((e: unknown) => e)) as FabricError;
    expect(err.code).toBe('FABRIC_HTTP');
    expect(err.details.outcomeUnknown).toBe(true);
  });

  it('keeps unknown statuses and treats them as not terminal', async () => {
    const s = scripted([{ body: job('j-1', 'Paused'), headers: { 'retry-after': '5' } }]);
    const snap = await s.client.getJob('j-1');
    expect(snap.job.status).toBe('Paused');
    expect(snap.retryAfterSec).toBe(5);
    expect(isTerminalStatus(snap.job.status)).toBe(false);
    expect(['Completed', 'Failed', 'Cancelled', 'Deduped'].every(isTerminalStatus)).toBe(true);
    expect(['NotStarted', 'InProgress'].some(isTerminalStatus)).toBe(false);
  });

  it('rejects a job body that lacks the id or status with a clear error', async () => {
    const s = scripted([{ body: { status: 'Completed' } }]);
    const err = (await s.client.getJob('j-1').catch((e: unknown) => e)) as FabricError;
    expect(err.code).toBe('FABRIC_HTTP');
    expect(err.message).toContain('id:');
  });

  it('follows continuationUri on the API origin, and rebuilds it from the token when it points elsewhere', async () => {
    const s = scripted([
      {
        body: {
          value: [job('a')],
          continuationToken: 'T1',
          continuationUri:
            'https://api.fabric.example/v1/workspaces/ws-1/items/pl-1/jobs/instances?continuationToken=T1',
        },
      },
      {
        body: {
          value: [job('b')],
          continuationToken: 'LDEsMTAwMDAwLDA%3D',
          continuationUri: 'https://evil.example/steal?x=1',
        },
      },
      { body: { value: [job('c')] } },
    ]);
    const ids: string[] = [];
    for await (const j of s.client.listJobs()) ids.push(j.id);
    expect(ids).toEqual(['a', 'b', 'c']);
    expect(s.requests.map((r) => r.url)).toEqual([
      'https://api.fabric.example/v1/workspaces/ws-1/items/pl-1/jobs/instances',
      'https://api.fabric.example/v1/workspaces/ws-1/items/pl-1/jobs/instances?continuationToken=T1',
      'https://api.fabric.example/v1/workspaces/ws-1/items/pl-1/jobs/instances?continuationToken=LDEsMTAwMDAwLDA%3D',
    ]);
  });

  it('stops with an error instead of looping when a continuation link repeats', async () => {
    const page = {
      body: {
        value: [job('a')],
        continuationUri:
          'https://api.fabric.example/v1/workspaces/ws-1/items/pl-1/jobs/instances?continuationToken=X',
      },
    };
    const s = scripted([page, page, page]);
    const seen: string[] = [];
    const err = (await (async () => {
      for await (const j of s.client.listJobs()) seen.push(j.id);
    })().catch((e: unknown) => e)) as FabricError;
    expect(err.message).toContain('repeats an earlier page');
    expect(seen).toEqual(['a', 'a']);
  });
});
