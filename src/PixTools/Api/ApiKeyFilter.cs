using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PixTools.Intake;

namespace PixTools.Api;

/// <summary>Requires X-API-Key when Api:ApiKey is configured; compared in constant time.</summary>
public sealed class ApiKeyFilter(IOptions<ApiOptions> options) : IEndpointFilter
{
    public const string Header = "X-API-Key";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = options.Value.ApiKey;
        if (string.IsNullOrEmpty(expected)) return next(context);
        var given = context.HttpContext.Request.Headers[Header].ToString();
        // Hashing both sides first makes the comparison's time independent of the key's length too.
        var matches = CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
        if (matches) return next(context);
        var detail = given.Length == 0 ? "X-API-Key header is required" : "X-API-Key header is not valid";
        return ValueTask.FromResult<object?>(new Problem(StatusCodes.Status401Unauthorized, detail).ToHttpResult());
    }
}
