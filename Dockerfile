# payfair's app for an organisation's own staff: build with
#   docker build -t payfair .
# and run on a server inside your own network with
#   docker run --rm -p 127.0.0.1:8501:8501 payfair
# then put your usual HTTPS reverse proxy and sign-in in front of port 8501 (see the README,
# "Running it for your staff"). Uploaded rotas stay in the app's memory inside this container:
# nothing is written to disk, and no usage statistics are sent anywhere.

# ---- build the wheel (the same wheel `python -m build` makes; rates and samples inside it)
FROM python:3.12-slim AS build
WORKDIR /src
COPY . .
RUN pip install --no-cache-dir build && python -m build --wheel --outdir /dist .

# ---- run it: only the installed wheel, as an unprivileged user
FROM python:3.12-slim
RUN useradd --create-home --uid 10001 payfair
COPY --from=build /dist/ /tmp/dist/
RUN pip install --no-cache-dir /tmp/dist/*.whl && rm -rf /tmp/dist
USER payfair
WORKDIR /home/payfair
# Crash logs (tracebacks of faults in payfair itself) go here, inside the container only.
ENV PAYFAIR_LOG_DIR=/tmp/payfair-logs
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:8501/_stcore/health')"
# Inside a container the app must listen on all of the container's interfaces; which of the
# host's interfaces it is reachable on is decided by `docker run -p` (127.0.0.1 above).
CMD ["payfair", "app", "--address", "0.0.0.0", "--port", "8501"]
