import { createParser, type EventSourceMessage } from 'eventsource-parser';

/**
 * Reads Server-Sent Events from `url` until `until` says stop (or `timeoutMs` passes), then
 * closes the connection; returns the events and the response status.
 */
export async function readEvents(
  url: string,
  options: { headers?: Record<string, string>; until: (event: EventSourceMessage, all: EventSourceMessage[]) => boolean; timeoutMs?: number },
): Promise<{ status: number; events: EventSourceMessage[] }> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), options.timeoutMs ?? 10_000);
  const events: EventSourceMessage[] = [];
  let done = false;
  try {
    const response = await fetch(url, { headers: options.headers ?? {}, signal: abort.signal });
    if (!response.ok || !response.body) return { status: response.status, events };
    const parser = createParser({
      onEvent: (event) => {
        if (done) return;
        events.push(event);
        done = options.until(event, events);
      },
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    while (!done) {
      const { done: ended, value } = await reader.read();
      if (ended) break;
      parser.feed(value);
    }
    return { status: response.status, events };
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}
