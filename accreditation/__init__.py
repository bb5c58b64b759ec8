"""Safe School Accreditation: the Flask application."""

from __future__ import annotations

import sys
from pathlib import Path

from flask import Flask

from accreditation.config import PROJECT_ROOT, ConfigError, load_config


def create_app(overrides: dict[str, object] | None = None) -> Flask:
    """Build the application: configuration from the environment, extensions, blueprints, CLI."""
    try:
        config = load_config()
    except ConfigError as error:
        # One clear line for the operator, not a traceback.
        print(f"error: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    if overrides:
        config.update(overrides)

    app = Flask(
        __name__,
        instance_path=str(config["INSTANCE_PATH"]),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "accreditation" / "static"),
    )
    app.config.update(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    proxies = int(config.get("TRUSTED_PROXIES") or 0)
    if proxies:  # the client's address, scheme and host as the trusted proxies saw them (throttling counts it)
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies)

    from accreditation import ops

    ops.init_app(app)  # first: the request id and the timer start before every other hook of a request
    from accreditation import i18n, request_limits, session_lifetime, transactions, web
    from accreditation.extensions import csrf, db, login_manager, migrate

    db.init_app(app)
    transactions.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    web.init_app(app)
    session_lifetime.init_app(app)
    i18n.init_app(app)
    from accreditation.geography import names as place_names

    place_names.init_app(app)  # country and region names in the reader's language
    request_limits.init_app(app)

    from accreditation.applications import init_workflows
    from accreditation.wiring import wire
    from workflows import DefinitionError

    wire(app)  # every feature registers its actions, evidence, delivery composers and task senders
    try:
        init_workflows(app)  # the programmes, loaded and checked once; an invalid one stops the start
    except DefinitionError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        raise SystemExit(1) from None

    from accreditation.celery_app import celery_init_app

    celery_init_app(app)

    from accreditation.pages.admin.routes import bp as admin_bp
    from accreditation.pages.applications.routes import bp as applications_bp
    from accreditation.pages.assessor_quality.routes import bp as assessor_quality_bp
    from accreditation.pages.auth.routes import bp as auth_bp
    from accreditation.pages.certificates.routes import bp as certificates_bp
    from accreditation.pages.compliance.routes import bp as compliance_bp
    from accreditation.pages.coordinator.routes import bp as coordinator_bp
    from accreditation.pages.credentials.routes import bp as credentials_bp
    from accreditation.pages.dashboard.routes import bp as dashboard_bp
    from accreditation.pages.health_check.routes import bp as health_check_bp
    from accreditation.pages.home.routes import bp as home_bp
    from accreditation.pages.incidents.routes import bp as incidents_bp
    from accreditation.pages.networks.routes import bp as networks_bp
    from accreditation.pages.onboarding.routes import bp as onboarding_bp
    from accreditation.pages.public.routes import bp as public_bp
    from accreditation.pages.regional_index.routes import bp as regional_index_bp
    from accreditation.pages.reminders.routes import bp as reminders_bp
    from accreditation.pages.reports.routes import bp as reports_bp
    from accreditation.pages.review.routes import bp as review_bp
    from accreditation.pages.school.routes import bp as school_bp
    from accreditation.pages.self_assessment.routes import bp as self_assessment_bp
    from accreditation.pages.surveys.routes import bp as surveys_bp
    from accreditation.pages.training.routes import bp as training_bp

    app.register_blueprint(home_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(school_bp)
    app.register_blueprint(coordinator_bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(onboarding_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(applications_bp)
    app.register_blueprint(self_assessment_bp)
    app.register_blueprint(review_bp)
    app.register_blueprint(assessor_quality_bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(credentials_bp)
    app.register_blueprint(networks_bp)
    app.register_blueprint(regional_index_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(reminders_bp)
    app.register_blueprint(surveys_bp)
    app.register_blueprint(training_bp)
    app.register_blueprint(incidents_bp)
    app.register_blueprint(compliance_bp)
    app.register_blueprint(health_check_bp)

    from accreditation.api import init_api

    init_api(app)  # the JSON API under /api/v1 and its OpenAPI description

    from accreditation.cli import register_cli

    register_cli(app)
    return app
