/* Counts completion notices. Once subscribed it sends probe tasks (id 0)
 * until the worker answers one, prints "ready", then waits for N distinct ids
 * (or IDLE seconds without a new one) and prints:
 *   received <total> distinct <distinct> seconds <from first to last>
 *   collector HOST PORT QOS N IDLE [TOPIC] */
#include "common.h"

static long n, received, distinct;
static unsigned char *seen;
static double first, last;
static int ready;

static void on_message(struct mosquitto *m, void *obj, const struct mosquitto_message *msg) {
    (void)m; (void)obj;
    long id = notice_id(msg->payload, msg->payloadlen);
    if (id == 0) { ready = 1; return; }
    if (id < 1 || id > n) return;
    double t = now_s();
    if (!received) first = t;
    last = t;
    received++;
    if (!seen[id]) { seen[id] = 1; distinct++; }
}

int main(int argc, char **argv) {
    if (argc < 6) { fprintf(stderr, "usage: collector HOST PORT QOS N IDLE [TOPIC]\n"); return 2; }
    int qos = atoi(argv[3]);
    n = atol(argv[4]);
    double idle = atof(argv[5]);
    const char *topic = argc > 6 ? argv[6] : "task-complete";
    seen = calloc(n + 1, 1);
    struct mosquitto *m = bench_connect(NULL, argv[1], atoi(argv[2]));
    mosquitto_message_callback_set(m, on_message);
    mosquitto_subscribe(m, NULL, topic, qos);
    mosquitto_loop_start(m);
    double deadline = now_s() + 20;
    while (!ready && now_s() < deadline) {
        mosquitto_publish(m, NULL, "task-queue", 8, "{\"id\":0}", 0, false);
        struct timespec ts = {0, 50000000};
        nanosleep(&ts, NULL);
    }
    if (!ready) { fprintf(stderr, "worker never answered the probe\n"); return 1; }
    struct timespec settle = {0, 200000000};
    nanosleep(&settle, NULL);   /* late probe answers */
    printf("ready\n");
    fflush(stdout);
    double quiet_since = now_s();
    long seen_count = 0;
    while (distinct < n) {
        struct timespec ts = {0, 2000000};
        nanosleep(&ts, NULL);
        if (received != seen_count) { seen_count = received; quiet_since = now_s(); }
        else if (now_s() - quiet_since > idle) break;
    }
    printf("received %ld distinct %ld seconds %.6f\n", received, distinct, received ? last - first : 0.0);
    fflush(stdout);
    mosquitto_disconnect(m);
    mosquitto_loop_stop(m, false);
    return 0;
}
