import { randomUUID } from 'node:crypto';
import type { EmulatorService } from './request-log';

/** What a matching request gets instead of (or before) its normal answer. */
export type FaultAction =
  /** answer with this status and the service's error body; 429/503 carry Retry-After when given */
  | { kind: 'status'; status: number; retryAfterSec?: number; errorCode?: string; message?: string }
  /** wait this long (not scaled by speed), then answer normally */
  | { kind: 'delay'; ms: number }
  /** destroy the socket without answering */
  | { kind: 'drop' };

export interface FaultRule {
  service: EmulatorService;
  /** HTTP method; any when omitted */
  method?: string;
  /** regex (or its source) tested against the request path without query; any when omitted */
  path?: RegExp | string;
  /** how many matching requests it applies to; default 1; 'always' never runs out */
  times?: number | 'always';
  action: FaultAction;
}

/** How the next Pipeline job ends, instead of running the engine. */
export type JobOutcome =
  | { kind: 'fail'; errorCode: string; message: string }
  | { kind: 'hang' }
  | { kind: 'cancelled' }
  | { kind: 'complete' };

interface ActiveRule {
  id: string;
  service: EmulatorService;
  method?: string;
  path?: RegExp;
  remaining: number;
  action: FaultAction;
}

export interface MatchedFault {
  id: string;
  action: FaultAction;
}

/** Per-test fault injection: request rules, token expiry, and queued job outcomes. */
export class FaultController {
  private rules: ActiveRule[] = [];
  private outcomes: JobOutcome[] = [];
  private tokensValidFromMs = 0;

  constructor(private readonly now: () => number = Date.now) {}

  inject(rule: FaultRule): string {
    validateRule(rule);
    const id = randomUUID();
    this.rules.push({
      id,
      service: rule.service,
      method: rule.method?.toUpperCase(),
      path: typeof rule.path === 'string' ? new RegExp(rule.path) : rule.path,
      remaining: rule.times === 'always' ? Number.POSITIVE_INFINITY : (rule.times ?? 1),
      action: rule.action,
    });
    return id;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  /** Removes every rule and queued job outcome (token expiry stays: it already happened). */
  clear(): void {
    this.rules = [];
    this.outcomes = [];
  }

  /** Every token issued until now is treated as expired from now on. */
  expireAllTokens(): void {
    this.tokensValidFromMs = this.now();
  }

  /** Queues how the next job created ends; several calls queue in order. */
  nextJob(outcome: JobOutcome): void {
    validateOutcome(outcome);
    this.outcomes.push(outcome);
  }

  takeJobOutcome(): JobOutcome | undefined {
    return this.outcomes.shift();
  }

  isRevoked(issuedAtMs: number): boolean {
    return issuedAtMs <= this.tokensValidFromMs;
  }

  /** Finds the first rule for this request and consumes one of its uses. */
  match(service: EmulatorService, method: string, path: string): MatchedFault | undefined {
    const rule = this.rules.find(
      (r) =>
        r.service === service &&
        (r.method === undefined || r.method === method) &&
        (r.path === undefined || r.path.test(path)),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.remove(rule.id);
    return { id: rule.id, action: rule.action };
  }

  pendingRules(): number {
    return this.rules.length;
  }
}

const SERVICES: readonly string[] = ['token', 'jobs', 'onelake'];

function validateRule(rule: FaultRule): void {
  if (!SERVICES.includes(rule.service)) {
    throw new Error(`fault rule: service must be one of ${SERVICES.join(', ')}, got ${String(rule.service)}`);
  }
  if (
    rule.times !== undefined &&
    rule.times !== 'always' &&
    !(Number.isInteger(rule.times) && rule.times > 0)
  ) {
    throw new Error(`fault rule: times must be a positive integer or 'always', got ${String(rule.times)}`);
  }
  const a = rule.action as FaultAction | undefined;
  if (!a || !['status', 'delay', 'drop'].includes(a.kind)) {
    throw new Error("fault rule: action.kind must be 'status', 'delay' or 'drop'");
  }
  if (a.kind === 'status' && !(Number.isInteger(a.status) && a.status >= 400 && a.status <= 599)) {
    throw new Error(
      `fault rule: action.status must be an HTTP error status 400-599, got ${String(a.status)}`,
    );
  }
  if (a.kind === 'delay' && !(Number.isFinite(a.ms) && a.ms >= 0)) {
    throw new Error(`fault rule: action.ms must be a non-negative number, got ${String(a.ms)}`);
  }
}

function validateOutcome(outcome: JobOutcome): void {
  const kind = (outcome as { kind?: unknown } | undefined)?.kind;
  if (!['fail', 'hang', 'cancelled', 'complete'].includes(String(kind))) {
    throw new Error("job outcome: kind must be 'fail', 'hang', 'cancelled' or 'complete'");
  }
  if (
    outcome.kind === 'fail' &&
    (typeof outcome.errorCode !== 'string' || typeof outcome.message !== 'string')
  ) {
    throw new Error('job outcome: fail needs errorCode and message strings');
  }
}
