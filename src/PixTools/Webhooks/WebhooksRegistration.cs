using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using PixTools.Finalize;
using PixTools.Hosting;
using PixTools.Observability;
using PixTools.Storage;
using PixTools.Webhooks.Delivery;
using Polly;

namespace PixTools.Webhooks;

/// <summary>Webhook signing, the guarded HttpClient, inboxes and, in roles that run workers, the delivery end step.</summary>
public static class WebhooksRegistration
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IHostEnvironment environment, Role role)
    {
        services.AddValidatedOptions<WebhookOptions>(WebhookOptions.Section);
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        services.AddSingleton(sp => new WebhookSigner(SigningSecret(sp, environment)));
        services.AddSingleton<WebhookInboxes>();
        services.AddSingleton(sp => new WebhookAddressGuard(sp.GetRequiredService<WebhookInboxes>(), sp.GetRequiredService<IOptions<WebhookOptions>>()));

        services.AddHttpClient<WebhookSender>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var settings = sp.GetRequiredService<IOptions<WebhookOptions>>().Value;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    // A proxy would make the connection to itself, not to the checked address.
                    UseProxy = false,
                    UseCookies = false,
                    ConnectTimeout = settings.Timeout,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                    ConnectCallback = (context, cancellationToken) => WebhookConnector.ConnectAsync(context, settings.AllowPrivateNetworks, cancellationToken),
                };
            })
            // The default loggers write request URLs, and a webhook URL may carry the receiver's token.
            .RemoveAllLoggers()
            .AddResilienceHandler("webhook", (pipeline, context) =>
            {
                var settings = context.ServiceProvider.GetRequiredService<IOptions<WebhookOptions>>().Value;
                // Outermost the breaker, so a timed-out attempt counts as a failure of its host.
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = settings.BreakerFailureRatio,
                    MinimumThroughput = settings.BreakerMinimumThroughput,
                    SamplingDuration = settings.BreakerSamplingDuration,
                    BreakDuration = settings.BreakerBreakDuration,
                    // The gauge counts hosts whose breaker is open now; half-open is a trial, no longer open.
                    OnOpened = _ => { PixToolsMetrics.WebhookCircuitOpen.Inc(); return default; },
                    OnHalfOpened = _ => { PixToolsMetrics.WebhookCircuitOpen.Dec(); return default; },
                });
                pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = settings.Timeout });
            })
            // One breaker per scheme+host+port: one dead endpoint does not hold up the others.
            .SelectPipelineByAuthority();

        if (role.RunsWorkers())
        {
            services.AddSingleton<JobWebhookNotifier>();
            services.AddSingleton<WebhookDispatcher>();
            services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        }
        return services;
    }

    /// <summary>
    /// The job's webhook as an end step (<see cref="AddWebhooks"/> adds its dispatcher in roles that run workers);
    /// registered where the end steps are listed in order, after the ZIP whose archive_url the payload carries.
    /// </summary>
    public static IServiceCollection AddJobWebhookEndStep(this IServiceCollection services) =>
        services.AddSingleton<IJobEndStep>(sp => sp.GetRequiredService<WebhookDispatcher>());

    /// <summary>The batch's one webhook: its dispatcher (a background service that resumes owed deliveries) and its end step.</summary>
    public static IServiceCollection AddBatchWebhookEndStep(this IServiceCollection services)
    {
        services.AddSingleton<BatchWebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<BatchWebhookDispatcher>());
        return services.AddSingleton<IJobEndStep>(sp => sp.GetRequiredService<BatchWebhookDispatcher>());
    }

    /// <summary>The configured secret, or one made once and kept beside the blob folder (as the URL signing key is).</summary>
    private static string SigningSecret(IServiceProvider services, IHostEnvironment environment)
    {
        var configured = services.GetRequiredService<IOptions<WebhookOptions>>().Value.SigningSecret;
        if (!string.IsNullOrEmpty(configured)) return configured;
        var root = DataPaths.Resolve(services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IOptions<StorageOptions>>().Value.Local.Root);
        var file = SecretFile.BesideBlobRoot(root, "webhook-signing.secret");
        return SecretFile.ReadOrCreate(file, WebhookSigner.NewSecret,
            () => services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebhooksRegistration)).WebhookSecretGenerated(file));
    }
}
