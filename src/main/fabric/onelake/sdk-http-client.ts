import { toCompatResponse, type RequestPolicy, type WebResourceLike } from '@azure/core-http-compat';
import { createHttpHeaders, createPipelineRequest, type HttpClient } from '@azure/core-rest-pipeline';

type FullResponse = Parameters<typeof toCompatResponse>[0];

/**
 * StoragePipelineOptions.httpClient is typed as the older core-http RequestPolicy; the SDK converts the
 * request to that shape before calling it. This turns it back into a core-rest-pipeline request for our
 * HttpClient, which is the documented way to put a custom transport under @azure/storage-file-datalake.
 */
export function toStorageHttpClient(client: HttpClient): RequestPolicy {
  return {
    async sendRequest(web: WebResourceLike) {
      const request = createPipelineRequest({
        url: web.url,
        method: web.method,
        headers: createHttpHeaders(web.headers.toJson({ preserveCase: true })),
        body: web.body,
        timeout: web.timeout,
        requestId: web.requestId,
        ...(web.abortSignal ? { abortSignal: web.abortSignal } : {}),
        ...(web.onUploadProgress ? { onUploadProgress: web.onUploadProgress } : {}),
        ...(web.onDownloadProgress ? { onDownloadProgress: web.onDownloadProgress } : {}),
        ...(web.streamResponseStatusCodes
          ? { streamResponseStatusCodes: web.streamResponseStatusCodes }
          : {}),
      });
      const response = await client.sendRequest(request);
      // The SDK finds how to deserialize a response through the request it sent, so the response must point
      // back at the SDK's own request object, not the copy made above.
      const compat = toCompatResponse(response as FullResponse);
      compat.request = web;
      return compat;
    },
  };
}
