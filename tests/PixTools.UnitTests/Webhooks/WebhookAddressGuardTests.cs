using System.Net;
using PixTools.Webhooks.Delivery;

namespace PixTools.UnitTests.Webhooks;

public sealed class WebhookAddressGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.254")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.10")]
    [InlineData("169.254.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.100.100.200")]
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("255.255.255.255")]
    [InlineData("192.0.2.2")]
    [InlineData("198.18.0.1")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.1.2.3")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("2002:a00:1::1")]
    public void RefusesNonPublicAddresses(string address) =>
        Assert.True(WebhookAddressGuard.IsRefused(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.215.14")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("169.253.1.1")]
    [InlineData("192.169.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001:82b::200e")]
    [InlineData("::ffff:8.8.8.8")]
    public void AllowsPublicAddresses(string address) =>
        Assert.False(WebhookAddressGuard.IsRefused(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("http://127.0.0.1/x", true)]
    [InlineData("http://169.254.169.254/latest", true)]
    [InlineData("http://[::1]/", true)]
    [InlineData("http://10.0.0.1/", true)]
    [InlineData("http://localhost:8080/hook", true)]
    [InlineData("http://LOCALHOST./hook", true)]
    [InlineData("http://app.localhost/hook", true)]
    [InlineData("http://[::ffff:192.168.0.1]/", true)]
    [InlineData("http://2130706433/", true)]
    [InlineData("http://0x7f.1/", true)]
    [InlineData("https://example.com/hook", false)]
    [InlineData("https://8.8.8.8/hook", false)]
    [InlineData("https://localhost.example.com/hook", false)]
    public void JudgesWhatTheUrlItselfNames(string url, bool refused) =>
        Assert.Equal(refused, WebhookAddressGuard.NamesRefusedAddress(new Uri(url)));
}
