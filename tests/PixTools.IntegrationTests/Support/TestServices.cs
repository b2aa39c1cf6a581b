namespace PixTools.IntegrationTests.Support;

/// <summary>
/// Where scripts/services/start.sh put PostgreSQL, RabbitMQ and s3rver: its variables in this process's
/// environment (scripts/test.sh exports them) or else in the file it wrote.
/// </summary>
public static class TestServices
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> FromFile = new(ReadFile);

    public static string Postgres => Get("PIXTOOLS_TEST_POSTGRES");
    public static string RabbitMq => Get("PIXTOOLS_TEST_RABBITMQ");
    public static string S3ServiceUrl => Get("PIXTOOLS_TEST_S3_SERVICEURL");
    public static string S3AccessKey => Get("PIXTOOLS_TEST_S3_ACCESSKEY");
    public static string S3SecretKey => Get("PIXTOOLS_TEST_S3_SECRETKEY");

    /// <summary>scripts/services/control.sh: stops and starts a service for the fault tests.</summary>
    public static string Control => Get("PIXTOOLS_TEST_SERVICES_CONTROL");

    private static string Get(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value
        : FromFile.Value.TryGetValue(name, out var stored) ? stored
        : throw new InvalidOperationException($"{name} is not set: run scripts/services/start.sh first (scripts/test.sh does)");

    private static IReadOnlyDictionary<string, string> ReadFile()
    {
        var file = Environment.GetEnvironmentVariable("PIXTOOLS_SERVICES_ENV") ?? "/tmp/pixtools-services.env";
        if (!File.Exists(file)) return new Dictionary<string, string>();
        return File.ReadAllLines(file).Select(line => line.Split('=', 2)).Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim().Trim('\''));
    }
}
