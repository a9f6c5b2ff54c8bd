package dev.warden.web.internal;

/** What an endpoint answers: a status and a body that is written as JSON (none for 204). */
record Reply(int status, Object body) {

    static Reply ok(Object body) {
        return new Reply(200, body);
    }

    static Reply created(Object body) {
        return new Reply(201, body);
    }

    static Reply noContent() {
        return new Reply(204, null);
    }
}
