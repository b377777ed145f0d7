# Helper scripts used by the build (dependency installer, symbol tables).
