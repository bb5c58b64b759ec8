"""The stores behind ``accreditation.storage``: ``base`` (the local folder, shared types), ``s3``."""
