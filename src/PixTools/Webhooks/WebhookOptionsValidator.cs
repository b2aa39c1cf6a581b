using Microsoft.Extensions.Options;
using PixTools.Webhooks.Delivery;

namespace PixTools.Webhooks;

/// <summary>The rule data annotations cannot say: the shape of Webhooks:SigningSecret.</summary>
internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options) =>
        string.IsNullOrEmpty(options.SigningSecret) || WebhookSigner.IsValidSecret(options.SigningSecret)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Webhooks:SigningSecret must be 'whsec_' followed by the base64 of 24 to 64 bytes");
}
