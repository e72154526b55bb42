"""Workers of the order saga, written with the official Conductor Python SDK (conductor-python).

    CONDUCTOR_SERVER_URL=http://127.0.0.1:8080/api python workers.py

Set FAIL_SHIPPING=1 to make every shipment fail (or FAIL_SHIPPING=order-1002,order-1005 to make
those orders' shipments fail), and watch the saga undo the order: refund, then release, then
cancel. A card is declined for an amount over 1000, and the saga undoes the reservation and the
order. Each worker prints what it does, so the order of the undo is visible.
"""

import os
import uuid

from conductor.client.automator.task_handler import TaskHandler
from conductor.client.configuration.configuration import Configuration
from conductor.client.worker.exception import NonRetryableException
from conductor.client.worker.worker_task import worker_task


CARD_LIMIT = 1000


def say(line: str) -> dict:
    print(line, flush=True)
    return {}


@worker_task(task_definition_name="generate_order")
def generate_order(orderId: str, customer: str) -> dict:
    say(f"order      {orderId} created for {customer}")
    return {"orderId": orderId}


@worker_task(task_definition_name="reserve_inventory")
def reserve_inventory(sku: str, quantity: int) -> dict:
    reservation = f"res-{uuid.uuid4().hex[:8]}"
    say(f"inventory  {quantity} x {sku} reserved as {reservation}")
    return {"reservationId": reservation}


@worker_task(task_definition_name="charge_payment")
def charge_payment(orderId: str, amount: float) -> dict:
    if amount > CARD_LIMIT:
        say(f"payment    {amount} for {orderId} DECLINED")
        # A declined card stays declined: no retry (FAILED_WITH_TERMINAL_ERROR).
        raise NonRetryableException(f"card declined: {amount} is over the limit of {CARD_LIMIT}")
    payment = f"pay-{uuid.uuid4().hex[:8]}"
    say(f"payment    {amount} charged for {orderId} as {payment}")
    return {"paymentId": payment, "amount": amount}


@worker_task(task_definition_name="ship_order")
def ship_order(orderId: str, reservationId: str) -> dict:
    failing = os.environ.get("FAIL_SHIPPING", "")
    if failing == "1" or orderId in failing.split(","):
        say(f"shipping   {orderId} FAILED: no courier available")
        raise Exception("no courier available")
    tracking = f"trk-{uuid.uuid4().hex[:8]}"
    say(f"shipping   {orderId} shipped as {tracking}")
    return {"trackingNumber": tracking}


@worker_task(task_definition_name="notify_customer")
def notify_customer(customer: str, trackingNumber: str) -> dict:
    say(f"notify     {customer}: your parcel is {trackingNumber}")
    return {"notified": True}


@worker_task(task_definition_name="refund_payment")
def refund_payment(paymentId: str, amount: float) -> dict:
    say(f"UNDO       refund {amount} of {paymentId}")
    return {"refunded": True}


@worker_task(task_definition_name="release_inventory")
def release_inventory(reservationId: str) -> dict:
    say(f"UNDO       release reservation {reservationId}")
    return {"released": True}


@worker_task(task_definition_name="cancel_order")
def cancel_order(orderId: str, reason: str) -> dict:
    say(f"UNDO       cancel order {orderId} ({reason})")
    return {"cancelled": True}


@worker_task(task_definition_name="apologise_to_customer")
def apologise_to_customer(customer: str) -> dict:
    say(f"UNDO       sorry, {customer}")
    return {"apologised": True}


def main() -> None:
    configuration = Configuration()
    with TaskHandler(configuration=configuration, scan_for_annotated_workers=True) as handler:
        handler.start_processes()
        handler.join_processes()


if __name__ == "__main__":
    main()
