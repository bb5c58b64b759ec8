"""Credentials that outlive the operator: the signed status lists, the embeddable badge and its snippet, and the
public page of certified schools by region."""
