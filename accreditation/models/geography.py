"""Countries (ISO 3166-1 alpha-2) and their regions (ISO 3166-2)."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accreditation.extensions import db


class Country(db.Model):
    __tablename__ = "countries"
    __table_args__ = (CheckConstraint("length(code) = 2", name="code_alpha2"),)

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    regions: Mapped[list[Region]] = relationship(back_populates="country", order_by="Region.name")

    def __repr__(self) -> str:
        return f"<Country {self.code}>"


class Region(db.Model):
    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(String(6), primary_key=True)  # e.g. "MD-CU", "UA-30"
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    country: Mapped[Country] = relationship(back_populates="regions")

    def __repr__(self) -> str:
        return f"<Region {self.code}>"
