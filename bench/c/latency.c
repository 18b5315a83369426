/* Sends one task at a time and times publish-to-completion.
 *   latency HOST PORT QOS COUNT   -> prints "p50 <us> p99 <us> max <us>" */
#include "common.h"
#include <pthread.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done = PTHREAD_COND_INITIALIZER;
static long answered = -1;

static void on_message(struct mosquitto *m, void *obj, const struct mosquitto_message *msg) {
    (void)m; (void)obj;
    long id = notice_id(msg->payload, msg->payloadlen);
    pthread_mutex_lock(&lock);
    answered = id;
    pthread_cond_signal(&done);
    pthread_mutex_unlock(&lock);
}

static int cmp(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }

int main(int argc, char **argv) {
    if (argc < 5) { fprintf(stderr, "usage: latency HOST PORT QOS COUNT\n"); return 2; }
    int qos = atoi(argv[3]);
    long count = atol(argv[4]);
    struct mosquitto *m = bench_connect(NULL, argv[1], atoi(argv[2]));
    mosquitto_message_callback_set(m, on_message);
    mosquitto_subscribe(m, NULL, "task-complete", qos);
    mosquitto_loop_start(m);
    double *rtt = malloc(sizeof(double) * count);
    char buf[64];
    for (long i = -20; i < count; i++) {      /* 20 warm-up tasks (ids 1..20 reused) */
        long id = i < 0 ? -i : i + 100;
        int len = snprintf(buf, sizeof buf, "{\"id\":%ld,\"type\":\"ping\"}", id);
        double t0 = now_s();
        pthread_mutex_lock(&lock);
        answered = -1;
        mosquitto_publish(m, NULL, "task-queue", len, buf, qos, false);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 5;
        while (answered != id) {
            if (pthread_cond_timedwait(&done, &lock, &until) != 0) break;
        }
        int ok = answered == id;
        pthread_mutex_unlock(&lock);
        if (!ok) { fprintf(stderr, "task %ld not completed\n", id); return 1; }
        if (i >= 0) rtt[i] = (now_s() - t0) * 1e6;
    }
    qsort(rtt, count, sizeof(double), cmp);
    printf("p50 %.0f p99 %.0f max %.0f\n", rtt[count / 2], rtt[(long)(count * 0.99)], rtt[count - 1]);
    mosquitto_disconnect(m);
    mosquitto_loop_stop(m, false);
    return 0;
}
