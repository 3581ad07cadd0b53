package dev.imagegate.gateway.images;

import dev.imagegate.Cost;
import dev.imagegate.ImageRequest;
import dev.imagegate.ImageResponse;
import dev.imagegate.Operation;
import dev.imagegate.error.Cancelled;
import dev.imagegate.error.ImageGateException;
import dev.imagegate.error.Internal;
import dev.imagegate.gateway.auth.Authenticator;
import dev.imagegate.gateway.auth.Caller;
import dev.imagegate.gateway.budget.Admission;
import dev.imagegate.gateway.budget.CallEstimate;
import dev.imagegate.gateway.budget.CallOutcome;
import dev.imagegate.gateway.budget.Enforcement;
import dev.imagegate.gateway.budget.Permit;
import dev.imagegate.gateway.http.AnswerBudget;
import dev.imagegate.gateway.http.Exchange;
import dev.imagegate.gateway.http.MultipartForm;
import dev.imagegate.gateway.http.UploadLimits;
import dev.imagegate.gateway.http.Routes;
import dev.imagegate.gateway.models.GroupAccess;
import dev.imagegate.gateway.observe.CallObserver;
import dev.imagegate.gateway.observe.CallRecord;
import dev.imagegate.gateway.store.KeyRecord;
import dev.imagegate.guardrail.Guardrails;
import dev.imagegate.guardrail.Screening;
import dev.imagegate.provider.Json;
import dev.imagegate.provider.ProviderHttp;
import dev.imagegate.router.CallResult;
import dev.imagegate.router.ModelGroup;
import dev.imagegate.router.Prepared;
import dev.imagegate.router.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code POST /v1/images/generations}, {@code /v1/images/edits} and {@code /v1/images/variations} (also without
 * {@code /v1} and as Azure's {@code /openai/deployments/{model}/images/...}): the gateway's request pipeline, one
 * straight line of blocking code shared by the three routes, which differ only in how the request is read. Nothing
 * reaches a provider before the caller is authenticated, the request fully validated, the caller's limits and budgets
 * checked and the guardrails passed. A validated call is observed once when it starts and once when it ends; an
 * admitted call leaves exactly one spend row, success or failure, durable before a paid answer is sent; a paid answer
 * that could not be sent marks its row {@code undelivered}. Uploaded images spooled to disk are deleted when the call
 * ends, however it ends. A streamed call ({@code stream: true}) runs the same line up to the router; its answer is
 * OpenAI's server-sent events ({@link EventStreamAnswer}): partial images as they arrive, the completed images once
 * the spend row is durable, an {@code error} event for a failure after the first byte (before it, the usual JSON
 * error), and a row {@code cancelled} with what was billed when the client goes away.
 */
public final class ImagesEndpoint implements Routes.Endpoint {
  public static final String END_USER_HEADER = "x-imagegate-end-user";
  /** How long a streamed answer may be quiet before a keep-alive comment is written (and a gone client noticed). */
  public static final Duration KEEP_ALIVE = Duration.ofSeconds(2);

  /** How a route reads its request from the exchange (after authentication). */
  @FunctionalInterface
  interface Reader {
    ImagesCall read(Exchange exchange);
  }

  private final Authenticator auth;
  private final GroupAccess groups;
  private final Router router;
  private final Enforcement enforcement;
  private final Guardrails guardrails;
  private final CallObserver observer;
  private final Clock clock;
  private final CallIds callIds;
  private final long maxBodyBytes;
  private final Reader reader;

  /** The generations route: a JSON body of at most {@code maxBodyBytes}. */
  public ImagesEndpoint(Authenticator auth, GroupAccess groups, Router router, Enforcement enforcement,
                        Guardrails guardrails, CallObserver observer, Clock clock, long maxBodyBytes) {
    this.auth = auth;
    this.groups = groups;
    this.router = router;
    this.enforcement = enforcement;
    this.guardrails = guardrails;
    this.observer = observer;
    this.clock = clock;
    this.callIds = new CallIds(clock);
    this.maxBodyBytes = maxBodyBytes;
    this.reader = exchange -> ImagesRequestReader.read(exchange.body(maxBodyBytes), exchange.pathParam("model"),
        groups::clientParamsAllowed);
  }

  private ImagesEndpoint(ImagesEndpoint pipeline, Reader reader) {
    this.auth = pipeline.auth;
    this.groups = pipeline.groups;
    this.router = pipeline.router;
    this.enforcement = pipeline.enforcement;
    this.guardrails = pipeline.guardrails;
    this.observer = pipeline.observer;
    this.clock = pipeline.clock;
    this.callIds = pipeline.callIds;
    this.maxBodyBytes = pipeline.maxBodyBytes;
    this.reader = reader;
  }

  /**
   * The same pipeline for {@code operation} ({@code edit} or {@code variation}): a multipart form under
   * {@code uploads}' limits, or (for edits) a JSON body under the generations' limit.
   */
  public ImagesEndpoint forInputs(Operation operation, UploadLimits uploads) {
    return new ImagesEndpoint(this, exchange -> {
      if (!MultipartForm.isMultipart(exchange.requestHeader("Content-Type"))) {
        return InputsReader.json(exchange.body(maxBodyBytes), operation, exchange.pathParam("model"),
            groups::clientParamsAllowed, uploads);
      }
      MultipartForm form = MultipartForm.read(exchange, uploads);
      try {
        return InputsReader.multipart(form, operation, exchange.pathParam("model"), groups::clientParamsAllowed,
            uploads);
      } catch (RuntimeException e) {
        form.close();
        throw e;
      }
    });
  }

  @Override
  public void handle(Exchange exchange) throws Exception {
    String callId = callIds.next();
    exchange.header("x-imagegate-call-id", callId);
    Caller caller = auth.authenticate(exchange);
    exchange.note("key", keyLabel(caller));
    try (ImagesCall call = reader.read(exchange); AnswerBudget.Scope answers = AnswerBudget.open()) {
      run(exchange, callId, caller, call);
    }
  }

  private void run(Exchange exchange, String callId, Caller caller, ImagesCall call) throws IOException {
    ModelGroup group = groups.require(call, caller);
    groups.requireOperation(group, call.request().operation(), caller);
    exchange.note("model_group", group.name());
    ImageRequest request = withEndUser(call.request(), exchange.requestHeader(END_USER_HEADER))
        .toBuilder().model(group.name()).build();
    Prepared prepared = router.prepare(group, request);
    List<String> checks = guardrails.select(call.guardrails(), keyGuardrails(caller));
    StreamRequest stream = call.stream();
    Cost estimate = CallEstimate.of(router, prepared, stream.on() ? stream.partialImages() : 0);
    CallRecord record = observer.started(callId, request);
    KeyRecord key = caller.key() == null ? null : caller.key().key();
    record.caller(key == null ? null : key.keyAlias(), key == null ? null : key.userId(),
        key == null ? null : key.teamId());
    EventStreamAnswer events = null;
    if (stream.on()) {
      record.streamed(stream.partialImages());
      Thread reading = Thread.currentThread();
      events = new EventStreamAnswer(exchange, clock, KEEP_ALIVE, () -> ProviderHttp.abortStreams(reading));
    }
    CallResult result;
    Permit paid;
    try (Permit permit = enforcement.admit(admission(caller, request, group, estimate))) {
      Instant start = clock.instant();
      result = serve(record, prepared, checks, stream, events);
      permit.complete(CallOutcome.of(callId, request, result, Duration.between(start, clock.instant()).toMillis(),
          record.guardrails().isEmpty() ? null : Json.writeString(record.guardrails())));
      paid = permit;
    } catch (Error e) {
      if (events != null) {
        events.close(); // no keep-alives for a call that died (out of memory, say)
      }
      throw e;
    } catch (RuntimeException e) {
      if (events != null) {
        events.close();
        record.streamEnded(events.firstEvent(), events.partialsSent(), null);
      }
      observer.failed(record, e);
      if (events != null && events.begun()) {
        events.fail(e instanceof ImageGateException known ? known
            : Internal.unexpected("The gateway failed while streaming this answer", e));
        if (!(e instanceof ImageGateException)) {
          throw e; // reported at the edge as unexpected; the client already has its error event
        }
        return;
      }
      throw e;
    }
    if (events != null) {
      try {
        answerStream(exchange, callId, record, result, events, paid, stream);
      } finally {
        events.close();
      }
      return;
    }
    observer.finished(record, result);
    AnswerHeaders.route(exchange, result);
    if (!result.succeeded()) {
      throw result.failure();
    }
    try {
      respond(exchange, result.response());
    } catch (IOException | RuntimeException e) {
      paid.undelivered(callId);
      throw e;
    }
  }

  /**
   * The call's paid part: the guardrails on the prompt, then the router with the screened prompt. A prompt the
   * guardrails block is a failed call without attempts.
   */
  private CallResult serve(CallRecord record, Prepared prepared, List<String> checks, StreamRequest stream,
                           EventStreamAnswer events) {
    ImageRequest request = prepared.request();
    Screening screening = guardrails.screen(request.prompt(), checks);
    record.guardrails(screening.decisions());
    ImageRequest screened;
    try {
      screened = screening.applyTo(request);
    } catch (ImageGateException e) {
      return CallResult.refused(e);
    }
    Prepared call = prepared.withPrompt(screened.prompt());
    if (events == null) {
      return router.call(call);
    }
    return events.asCancelledIfGone(router.stream(call, stream.partialImages(), events));
  }

  /**
   * Ends a streamed call whose spend row is recorded. Succeeded: the completed events (after the route and cost
   * headers when nothing was sent yet, i.e. the provider did not stream). Failed before any event: the ordinary JSON
   * error with its status. Failed after: one {@code error} event, or nothing when the client is gone (cancelled).
   */
  private void answerStream(Exchange exchange, String callId, CallRecord record, CallResult result,
                            EventStreamAnswer events, Permit paid, StreamRequest stream) throws IOException {
    AnswerHeaders.route(exchange, result);
    try {
      if (!result.succeeded()) {
        if (!events.begun()) {
          throw result.failure();
        }
        if (result.failure() instanceof Cancelled cancelled) {
          throw new UncheckedIOException("the client went away mid-stream", new IOException(cancelled.getMessage()));
        }
        events.fail(result.failure());
        return;
      }
      if (!events.begun()) {
        AnswerHeaders.answer(exchange, result.response());
        if (stream.partialImages() > 0 && !events.streamedUpstream()) {
          AnswerHeaders.noPartialImages(exchange, result);
        }
      }
      try {
        events.complete();
      } catch (IOException | RuntimeException e) {
        paid.undelivered(callId);
        throw e;
      }
    } finally {
      events.close();
      record.streamEnded(events.firstEvent(), events.partialsSent(),
          result.succeeded() ? events.streamedUpstream() : null);
      observer.finished(record, result);
    }
  }

  /** The key for the access log: its alias, else the first 8 hex digits of its hash; "master" or "open". */
  private static String keyLabel(Caller caller) {
    return switch (caller.kind()) {
      case OPEN -> "open";
      case MASTER -> "master";
      case VIRTUAL -> caller.key().key().keyAlias() != null ? caller.key().key().keyAlias()
          : caller.keyHash().substring(0, 8);
    };
  }

  private static List<String> keyGuardrails(Caller caller) {
    return caller.key() == null ? List.of() : caller.key().key().guardrails();
  }

  private static Admission admission(Caller caller, ImageRequest request, ModelGroup group, Cost estimate) {
    return caller.key() != null
        ? Admission.forKey(caller.key(), request.endUser(), group.name(), estimate)
        : Admission.forMaster(caller.keyHash(), request.endUser(), group.name(), estimate);
  }

  /** The end user: the {@code x-imagegate-end-user} header (set by the caller's backend), else the body's user. */
  private static ImageRequest withEndUser(ImageRequest request, String headerUser) {
    if (headerUser == null || headerUser.isBlank()) {
      return request;
    }
    return request.toBuilder().endUser(headerUser.trim()).build();
  }

  private static void respond(Exchange exchange, ImageResponse response) throws IOException {
    AnswerHeaders.answer(exchange, response);
    exchange.stream(200, "application/json", response::writeOpenAiJson);
  }
}
