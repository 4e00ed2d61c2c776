"""The config scanners: YAML, JSON, TOML (Codex config.toml), dotenv, Dockerfiles and shell
scripts."""
