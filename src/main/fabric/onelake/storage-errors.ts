import { isRestError } from '@azure/core-rest-pipeline';
import { AppError } from '../../../shared/contract/errors';
import { FabricError, networkFailure } from '../errors';

/** Turns whatever the DataLake SDK throws into an AppError naming the lakehouse path involved. */
export function mapStorageError(e: unknown, action: string, path: string, host: string): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof Error && e.name === 'AbortError') {
    return new AppError('CANCELLED', `Stopped: ${action} ${path} was cancelled.`);
  }
  if (!isRestError(e)) {
    return new FabricError(
      'INTERNAL',
      `Could not ${action} ${path}: ${e instanceof Error ? e.message : String(e)}.`,
      undefined,
      {},
      { cause: e },
    );
  }
  const status = e.statusCode;
  const serviceCode = e.code;
  const details = { ...(status === undefined ? {} : { status }), ...(serviceCode ? { serviceCode } : {}) };
  if (status === undefined) return networkFailure(e, host, { action: `${action} ${path}` });
  if (status === 401) {
    return new FabricError(
      'FABRIC_AUTH',
      `Could not ${action} ${path}: OneLake rejected the access token.`,
      'Sign in again, or check the tenant, client id and secret in Settings.',
      details,
      { cause: e },
    );
  }
  if (status === 403) {
    return new FabricError(
      'FABRIC_PERMISSION',
      `Could not ${action} ${path}: no permission in the lakehouse (${serviceCode ?? '403'}).`,
      'Ask a workspace admin to give this identity the Contributor role or higher on the workspace.',
      details,
      { cause: e },
    );
  }
  if (status === 404) {
    return new FabricError(
      'NOT_FOUND',
      `Could not ${action} ${path}: it does not exist in the lakehouse (${serviceCode ?? '404'}).`,
      'Check the path, and the workspace and lakehouse ids in Settings.',
      details,
      { cause: e },
    );
  }
  if (status === 409) {
    const why =
      serviceCode === 'DirectoryNotEmpty'
        ? 'the folder is not empty'
        : serviceCode === 'PathAlreadyExists'
          ? 'it already exists'
          : `it conflicts with what is there (${serviceCode ?? '409'})`;
    return new FabricError('CONFLICT', `Could not ${action} ${path}: ${why}.`, undefined, details, {
      cause: e,
    });
  }
  if (status === 416) {
    return new FabricError(
      'VALIDATION',
      `Could not ${action} ${path}: the requested byte range is outside the file.`,
      undefined,
      details,
      { cause: e },
    );
  }
  if (status === 429 || status === 503) {
    return new FabricError(
      'FABRIC_THROTTLED',
      `Could not ${action} ${path}: OneLake is busy or throttling requests (${status}).`,
      'Wait a minute and try again.',
      details,
      { cause: e },
    );
  }
  return new FabricError(
    'FABRIC_HTTP',
    `Could not ${action} ${path}: OneLake answered ${status}${serviceCode ? ` ${serviceCode}` : ''}.`,
    status >= 500 ? 'OneLake is having trouble; try again in a few minutes.' : undefined,
    details,
    { cause: e },
  );
}
