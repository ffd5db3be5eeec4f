# src/attr
