"""``/metrics`` in Prometheus text format, from a registry owned by the app (not the global one).

- ``polarscan_http_requests_total{method,route,status}`` and
  ``polarscan_http_request_duration_seconds{method,route}`` (histogram), recorded by a middleware;
  ``route`` is the route template (``/v1/review/{post_id}/decision``), never the raw path.
- ``polarscan_review_queue_depth{status,lang}``: posts per status, read from the database at scrape.
- ``polarscan_review_decisions_total{label,value}``: human decisions per label (value true/false),
  and ``polarscan_review_decisions_by_action_total{action}``, counted from the database so that
  they survive restarts.
"""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from sqlalchemy import func, select

from polarscan.serving.review.models import Annotation, Post

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class _ReviewCollector:
    def __init__(self, app: Any) -> None:
        self.app = app

    def collect(self):
        db = getattr(self.app.state, "review_db", None)
        depth = GaugeMetricFamily("polarscan_review_queue_depth", "Posts per review status and language", labels=["status", "lang"])
        decisions = CounterMetricFamily("polarscan_review_decisions", "Human decisions per label and value", labels=["label", "value"])
        actions = CounterMetricFamily("polarscan_review_decisions_by_action", "Human decisions per action", labels=["action"])
        if db is not None:
            with db.session() as session:
                for status, lang, n in session.execute(select(Post.status, Post.lang, func.count()).group_by(Post.status, Post.lang)):
                    depth.add_metric([status, lang or "unknown"], n)
                counts: dict[tuple[str, str], int] = {}
                for action, n in session.execute(select(Annotation.action, func.count()).group_by(Annotation.action)):
                    actions.add_metric([action], n)
                query = select(Annotation.labels, Annotation.action, Annotation.labels_version).execution_options(yield_per=1000)
                for labels, action, version in session.execute(query):
                    legacy_confirm = action == "confirm" and (version or 1) < 2  # its falses were never a human's word
                    for label, value in labels.items():
                        if value is not None and not (legacy_confirm and value is False):
                            key = (label, "true" if value else "false")
                            counts[key] = counts.get(key, 0) + 1
                for (label, value), n in sorted(counts.items()):
                    decisions.add_metric([label, value], n)
        yield depth
        yield decisions
        yield actions


class Metrics:
    def __init__(self, app: Any) -> None:
        self.registry = CollectorRegistry(auto_describe=False)
        self.requests = Counter("polarscan_http_requests", "HTTP requests", ["method", "route", "status"], registry=self.registry)
        self.latency = Histogram(
            "polarscan_http_request_duration_seconds", "HTTP request latency", ["method", "route"], buckets=LATENCY_BUCKETS, registry=self.registry
        )
        self.registry.register(_ReviewCollector(app))

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)


def install_metrics(app: Any) -> Metrics:
    metrics = Metrics(app)
    app.state.metrics = metrics

    @app.middleware("http")
    async def _measure(request, call_next):
        start = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            return response
        finally:
            route = getattr(request.scope.get("route"), "path", None)
            if route is None:  # mounts (the UI's static files) set no route: one series for all of them
                route = "/ui" if request.url.path.startswith("/ui") else "unmatched"
            metrics.observe(request.method, route, status, time.perf_counter() - start)

    return metrics
