using System.Net.Sockets;
using PixTools.Operations;
using PixTools.Resilience;
using PixTools.Worker;

namespace PixTools.UnitTests.Worker;

/// <summary>A job that fails for the server's own reasons says so in words; the exception's text stays in the log.</summary>
public sealed class GaveUpReasonTests
{
    [Fact]
    public void AnUnexpectedErrorIsNamedAsSuchWithTheRequestIdToQuote()
    {
        var reason = OperationHandler.GaveUpReason(new ArgumentOutOfRangeException("count", "Offset and length were out of bounds for the array"), "req-42");

        Assert.Equal("an unexpected error occurred on the server; quote request id req-42 when reporting it", reason);
    }

    [Fact]
    public void WithoutARequestIdTheJobIdIsTheOneToQuote() =>
        Assert.Equal("an unexpected error occurred on the server; quote the job id when reporting it", OperationHandler.GaveUpReason(new InvalidOperationException("boom"), null));

    [Fact]
    public void AServerFailureWrittenForPeopleIsPassedOn() =>
        Assert.Equal("the denoise model of this server could not be loaded; its log says why",
            OperationHandler.GaveUpReason(new ServerFailureException("the denoise model of this server could not be loaded; its log says why", new InvalidOperationException("Denoise:ModelPath: '/x' is not a loadable ONNX model")), "req-1"));

    [Fact]
    public void ADependencyThatStayedAwayIsNamedAsOne()
    {
        var reason = OperationHandler.GaveUpReason(new IOException("wrapped", new SocketException((int)SocketError.ConnectionRefused)), "req-1");

        Assert.True(DependencyFailures.IsUnavailable(new SocketException((int)SocketError.ConnectionRefused)));
        Assert.Equal("the server's database, queue or storage stayed unavailable; please submit it again", reason);
    }
}
