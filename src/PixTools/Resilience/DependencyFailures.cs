using System.Net.Sockets;
using Amazon.Runtime;
using Microsoft.Data.Sqlite;
using Npgsql;
using RabbitMQ.Client.Exceptions;

namespace PixTools.Resilience;

/// <summary>
/// Tells a dependency being away (database, broker or storage unreachable, refusing connections, timing out) from
/// every other failure. The API answers those with 503 and Retry-After instead of 500; workers wait them out within
/// Worker:DependencyRetryBudget instead of spending the operation's attempts on them.
/// </summary>
public static class DependencyFailures
{
    public static bool IsUnavailable(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DependencyUnavailableException:
                case NpgsqlException { IsTransient: true }:
                case NpgsqlException { InnerException: SocketException or IOException or TimeoutException }:
                case PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" }: // shutdown, crash, starting, too many connections
                case SqliteException { SqliteErrorCode: 5 or 6 or 13 }: // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_FULL (disk full)
                case IOException io when IsDiskFull(io):
                case BrokerUnreachableException:
                case AlreadyClosedException:
                case ConnectFailureException:
                case SocketException:
                case HttpRequestException { StatusCode: null }:
                case AmazonServiceException { StatusCode: >= System.Net.HttpStatusCode.InternalServerError }:
                case AmazonClientException when e.InnerException is HttpRequestException or IOException or SocketException or TaskCanceledException:
                case TimeoutException:
                    return true;
            }
            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsUnavailable)) return true;
        }
        return false;
    }

    /// <summary>
    /// A disk with no room left (Linux: ENOSPC, EDQUOT as the raw errno; Windows: ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL):
    /// the server's storage is full for now, which is not the request's fault and passes when room is made.
    /// </summary>
    public static bool IsDiskFull(IOException error) => OperatingSystem.IsWindows()
        ? error.HResult is unchecked((int)0x80070070) or unchecked((int)0x80070027)
        : error.HResult is 28 or 122;
}

/// <summary>A dependency the request needs is away now (the broker's connection is closed, a publish was refused for want of room).</summary>
public sealed class DependencyUnavailableException(string dependency, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>database, queue or storage.</summary>
    public string Dependency { get; } = dependency;
}
