/* Shared by the benchmark's C tools (libmosquitto, threaded network loop). */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <mosquitto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static inline struct mosquitto *bench_connect(const char *id, const char *host, int port) {
    (void)id;
    mosquitto_lib_init();
    struct mosquitto *m = mosquitto_new(id, true, NULL);
    if (!m) { perror("mosquitto_new"); exit(2); }
    mosquitto_max_inflight_messages_set(m, 0);   /* never the bottleneck */
    mosquitto_int_option(m, MOSQ_OPT_TCP_NODELAY, 1);
    if (mosquitto_connect(m, host, port, 60) != MOSQ_ERR_SUCCESS) {
        fprintf(stderr, "bench client: cannot connect to %s:%d\n", host, port);
        exit(2);
    }
    return m;
}

/* A completion notice: the task id as decimal text, or a whole JSON task
 * (the pipeline row reads tasks straight from task-queue). */
static inline long notice_id(const void *payload, int len);

/* The task id from a JSON task: the number after "id": */
static inline long task_id(const void *payload, int len) {
    char buf[64];
    int n = len < 63 ? len : 63;
    memcpy(buf, payload, n);
    buf[n] = 0;
    const char *p = strstr(buf, "\"id\":");
    return p ? strtol(p + 5, NULL, 10) : -1;
}

static inline long notice_id(const void *payload, int len) {
    char buf[32];
    int n = len < 31 ? len : 31;
    memcpy(buf, payload, n);
    buf[n] = 0;
    return strchr(buf, '{') ? task_id(payload, len) : strtol(buf, NULL, 10);
}

#endif
