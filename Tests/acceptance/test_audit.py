"""The audit log through the API and the CLI, run the way an operator runs them: a real server,
logins over HTTP, schema changes and deletions through the REST API, members and budgets changed
with the CLI, then `GET /v0/meta/workspaces/{id}/auditLog` (filters, cursor, who may read) and
`tessera audit list`/`prune` on the same data."""

import json

import requests

from conftest import Tessera

PASSWORD = "a long enough password"


def test_audit_log_over_http_and_cli(tmp_path):
    server = Tessera(tmp_path / "data")
    owner = server.account("owner@example.com")
    member = server.account("member@example.com")
    outsider = server.account("outsider@example.com")
    server.cli("workspaces", "add-member", "--workspace", owner.workspace_id, "--email", member.email, "--level", "create")
    server.cli("workspaces", "budget", "--workspace", owner.workspace_id, "--monthly-usd", "12.5")
    server.start("--rate-limit-token", "0", "--rate-limit-base", "0", "--rate-limit-auth", "0")
    try:
        url = server.url
        auth = lambda account: {"Authorization": f"Bearer {account.token}"}  # noqa: E731

        assert requests.post(url + "/auth/login", json={"email": member.email, "password": "wrong password"}).status_code == 401
        assert requests.post(url + "/auth/login", json={"email": member.email, "password": PASSWORD}).status_code == 200
        assert requests.post(url + "/auth/login", json={"email": "ghost@example.com", "password": PASSWORD}).status_code == 401

        base = requests.post(url + "/v0/meta/bases", headers=auth(member), json={
            "name": "Ops", "workspaceId": owner.workspace_id,
            "tables": [{"name": "Tasks", "fields": [{"name": "Name", "type": "singleLineText"}]}]}).json()["id"]
        table = requests.get(f"{url}/v0/meta/bases/{base}/tables", headers=auth(owner)).json()["tables"][0]["id"]
        field = requests.post(f"{url}/v0/meta/bases/{base}/tables/{table}/fields", headers=auth(owner),
                              json={"name": "Secret note", "type": "singleLineText"}).json()["id"]
        records = requests.post(f"{url}/v0/{base}/Tasks", headers=auth(member), json={
            "records": [{"fields": {"Name": "classified cell"}}, {"fields": {"Name": "b"}}]}).json()["records"]
        deleted = requests.delete(f"{url}/v0/{base}/Tasks", headers=auth(member),
                                  params=[("records[]", records[0]["id"])])
        assert deleted.status_code == 200, deleted.text

        log_url = f"{url}/v0/meta/workspaces/{owner.workspace_id}/auditLog"
        page = requests.get(log_url, headers=auth(owner), params={"sortOrder": "ascending"})
        assert page.status_code == 200, page.text
        events = page.json()["events"]
        actions = [event["action"] for event in events]
        for expected in ["workspace.memberChanged", "workspace.budgetChanged", "user.loginFailed", "user.loggedIn",
                         "base.created", "field.created", "records.deleted"]:
            assert expected in actions, (expected, actions)
        assert actions.index("user.loginFailed") < actions.index("user.loggedIn") < actions.index("base.created")
        by_action = {event["action"]: event for event in events}
        assert by_action["user.loginFailed"]["actor"] == {"type": "anonymous"}
        assert by_action["user.loginFailed"]["context"]["account"]["email"] == member.email
        assert by_action["user.loginFailed"]["origin"]["ipAddress"] == "127.0.0.1"
        assert by_action["base.created"]["actor"]["user"]["email"] == member.email
        assert by_action["base.created"]["origin"]["personalAccessTokenId"] == member.token.split(".")[0]
        assert by_action["field.created"]["modelId"] == field
        assert by_action["records.deleted"]["payload"]["recordIds"] == [records[0]["id"]]
        assert by_action["workspace.budgetChanged"]["actor"] == {"type": "operator"}
        assert by_action["workspace.budgetChanged"]["payload"] == {"monthlyUsd": 12.5, "previousMonthlyUsd": None}
        text = json.dumps(events)
        assert "classified cell" not in text and PASSWORD not in text
        # The unknown email and the outsider's account are not this workspace's business.
        assert "ghost@example.com" not in text and outsider.email not in text

        # Filters, and a cursor that walks the same events newest first.
        only = requests.get(log_url, headers=auth(owner), params=[("eventType", "records.deleted"), ("eventType", "base.created")]).json()
        assert [event["action"] for event in only["events"]] == ["records.deleted", "base.created"]
        assert requests.get(log_url, headers=auth(owner), params={"originatingUserId": member.user_id, "baseId": base}).json()["events"]
        walked, cursor = [], None
        while True:
            params = {"pageSize": 2, **({"next": cursor} if cursor else {})}
            body = requests.get(log_url, headers=auth(owner), params=params).json()
            walked += [event["id"] for event in body["events"]]
            cursor = body["pagination"].get("next")
            if not cursor:
                break
        assert walked == [event["id"] for event in reversed(events)]

        # Bad input is a 422 in Airtable's envelope; members who are not owners get 403, others 404.
        bad = requests.get(log_url, headers=auth(owner), params={"pageSize": "99999999999999999999"})
        assert bad.status_code == 422 and bad.json()["error"]["type"]
        assert requests.get(log_url, headers=auth(owner), params={"next": "forged.cursor"}).status_code == 422
        assert requests.get(log_url, headers=auth(owner), params={"eventType": "nope"}).status_code == 422
        assert requests.get(log_url, headers=auth(member)).status_code == 403
        assert requests.get(log_url, headers=auth(outsider)).status_code == 404
        limited = server.token(owner.email, "--scope", "data.records:read")
        assert requests.get(log_url, headers={"Authorization": f"Bearer {limited}"}).status_code == 403
        server.cli("tokens", "revoke", limited)
        assert requests.get(url + "/v0/meta/whoami", headers={"Authorization": f"Bearer {limited}"}).status_code == 401

        # The operator's view: every workspace, the unknown email included.
        lines = server.cli("audit", "list", "--action", "user.loginFailed").splitlines()
        assert len(lines) == 2 and "ghost@example.com" in lines[0] and f"account={member.email}" in lines[1]
        listed = json.loads(server.cli("audit", "list", "--workspace", owner.workspace_id, "--json"))
        assert listed == requests.get(log_url, headers=auth(owner)).json()
        assert [event["action"] for event in listed["events"][:2]] == ["token.revoked", "token.created"]
        assert listed["events"][0]["actor"] == {"type": "operator"}
        assert listed["events"][0]["modelId"] == limited.split(".")[0]
        assert server.cli("audit", "prune", "--older-than-days", "1") == "0"
    finally:
        assert server.stop() == 0


def test_bad_retention_setting_is_refused(tmp_path):
    for value, says in [("-1", "audit retention must be 0"), ("many", "'many' is invalid for '--audit-retention-days")]:
        directory = tmp_path / value
        directory.mkdir()
        server = Tessera(directory)
        try:
            server.start(f"--audit-retention-days={value}")
        except AssertionError:
            assert says in server.log.read_text()
        else:
            server.stop()
            raise AssertionError(f"--audit-retention-days {value} was accepted")
