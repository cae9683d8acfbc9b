/**
 * Prometheus metrics of one server process, kept in memory and rendered in the text
 * exposition format (version 0.0.4) at `/metrics`.
 *
 * Labels are bounded: the route template (`/v1/keys/:name/sign`, never the path, so key
 * names and ids do not become label values), the method, the status (`client-closed` for a
 * request whose client left before its answer was ready) and the problem type.
 * Each replica counts its own requests; Prometheus sums across replicas.
 *
 * @module
 */

/** Upper bounds of the latency histogram buckets, in seconds (1 ms to 10 s). */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** One finished request, as the request middleware reports it. */
export interface RequestSample {
  readonly method: string;
  /** The matched route template, or `unmatched`. */
  readonly route: string;
  /** The HTTP status, or `client-closed` when the client left before its answer was ready (none sent). */
  readonly status: number | "client-closed";
  readonly seconds: number;
  /** The problem type's short name of an error response, if any. */
  readonly problem: string | undefined;
}

/** A value read at scrape time (keystore reachable, self-test passed, native counters, …). */
export interface ScrapeSample {
  readonly name: string;
  readonly help: string;
  /** `gauge` unless said otherwise; a `counter` only grows while the process lives. */
  readonly type?: "gauge" | "counter";
  readonly labels?: Readonly<Record<string, string>>;
  readonly value: number;
}

interface Histogram {
  readonly buckets: number[];
  sum: number;
  count: number;
}

/** Request counters and latency histograms of this process. */
export class Metrics {
  readonly #requests = new Map<string, number>();
  readonly #latency = new Map<string, Histogram>();
  readonly #errors = new Map<string, number>();
  #inFlight = 0;

  /** A request started; pair with {@link finished}. */
  started(): void {
    this.#inFlight++;
  }

  /** A request finished. */
  finished(sample: RequestSample): void {
    this.#inFlight--;
    const route = labels({ method: sample.method, route: sample.route });
    const counted = labels({ method: sample.method, route: sample.route, status: String(sample.status) });
    this.#requests.set(counted, (this.#requests.get(counted) ?? 0) + 1);
    const histogram = this.#latency.get(route) ?? { buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
    LATENCY_BUCKETS.forEach((bound, i) => {
      if (sample.seconds <= bound) histogram.buckets[i] = (histogram.buckets[i] ?? 0) + 1;
    });
    histogram.sum += sample.seconds;
    histogram.count++;
    this.#latency.set(route, histogram);
    if (sample.problem !== undefined) {
      const type = labels({ type: sample.problem });
      this.#errors.set(type, (this.#errors.get(type) ?? 0) + 1);
    }
  }

  /** Requests being served now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** The exposition text: request metrics, then `scraped` (read by the caller at scrape time). */
  render(scraped: readonly ScrapeSample[]): string {
    const out: string[] = [];
    family(out, "pqgate_http_requests_total", "counter", "Requests served, by route template and status.");
    for (const [key, value] of this.#requests) out.push(`pqgate_http_requests_total{${key}} ${value}`);
    family(out, "pqgate_http_request_duration_seconds", "histogram", "Time from request to response, by route.");
    for (const [key, h] of this.#latency) {
      LATENCY_BUCKETS.forEach((bound, i) => {
        out.push(`pqgate_http_request_duration_seconds_bucket{${key},le="${bound}"} ${h.buckets[i] ?? 0}`);
      });
      out.push(`pqgate_http_request_duration_seconds_bucket{${key},le="+Inf"} ${h.count}`);
      out.push(`pqgate_http_request_duration_seconds_sum{${key}} ${h.sum}`);
      out.push(`pqgate_http_request_duration_seconds_count{${key}} ${h.count}`);
    }
    family(out, "pqgate_http_errors_total", "counter", "Error responses, by RFC 9457 problem type.");
    for (const [key, value] of this.#errors) out.push(`pqgate_http_errors_total{${key}} ${value}`);
    family(out, "pqgate_http_requests_in_flight", "gauge", "Requests being served now.");
    out.push(`pqgate_http_requests_in_flight ${this.#inFlight}`);
    const described = new Set<string>();
    for (const sample of scraped) {
      if (!described.has(sample.name)) family(out, sample.name, sample.type ?? "gauge", sample.help);
      described.add(sample.name);
      const tags = sample.labels === undefined ? "" : `{${labels(sample.labels)}}`;
      out.push(`${sample.name}${tags} ${sample.value}`);
    }
    return `${out.join("\n")}\n`;
  }
}

function family(out: string[], name: string, type: string, help: string): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
}

/** `a="x",b="y"` with values escaped as the exposition format requires. */
function labels(values: Readonly<Record<string, string>>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}="${v.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n")}"`)
    .join(",");
}
